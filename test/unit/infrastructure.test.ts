import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type Tags } from 'yaml';
import { SECRET_SETTINGS } from '../../accounts/src/config';
import { ACCOUNTS_TABLE_ATTRIBUTES, ACCOUNTS_TABLE_KEY_SCHEMA, TTL_ATTRIBUTE } from '../../accounts/src/contract/table';
import { METRICS_NAMESPACE, UNREADABLE_RECORDS_METRIC } from '../../lambda/src/shared/unreadable-records';

const root = join(__dirname, '../..');

/** CloudFormation's short-form tags, read as their long form ({ Ref: … }, { 'Fn::GetAtt': … }). */
const cloudFormationTags: Tags = [
  'Ref',
  'GetAtt',
  'Sub',
  'Join',
  'If',
  'Equals',
  'Not',
  'Select',
  'Split',
  'FindInMap',
  'And',
  'Or',
  'Condition',
].flatMap((name) => {
  const key = name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
  const read = (value: unknown) => ({
    [key]: name === 'GetAtt' && typeof value === 'string' ? value.split('.') : value,
  });
  return [
    { tag: `!${name}`, resolve: (value: string) => read(value) },
    { tag: `!${name}`, collection: 'seq' as const, resolve: (value: { toJSON(): unknown }) => read(value.toJSON()) },
  ];
});

interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
  Condition?: string;
  DependsOn?: string | string[];
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}

const template = parse(readFileSync(join(root, 'infrastructure/cfn-deployer/skill-stack.yaml'), 'utf8'), {
  customTags: cloudFormationTags,
}) as {
  Parameters: Record<string, { Default?: string; AllowedPattern?: string }>;
  Conditions: Record<string, unknown>;
  Resources: Record<string, Resource>;
  Outputs: Record<string, { Value: unknown; Condition?: string }>;
};
const resources = Object.values(template.Resources);
const ofType = (type: string) => resources.filter((resource) => resource.Type === type);
const only = (type: string): Resource => {
  const found = ofType(type);
  expect(found).toHaveLength(1);
  return found[0] as Resource;
};
const askResources = JSON.parse(readFileSync(join(root, 'ask-resources.json'), 'utf8'));

describe('ask-resources.json', () => {
  const profile = askResources.profiles.default;

  it('deploys with the CloudFormation deployer and this template', () => {
    expect(askResources.askcliResourcesVersion).toBe('2020-03-31');
    expect(profile.skillInfrastructure.type).toBe('@ask-cli/cfn-deployer');
    expect(profile.skillInfrastructure.userConfig.templatePath).toBe('./infrastructure/cfn-deployer/skill-stack.yaml');
    expect(profile.skillMetadata.src).toBe('./skill-package');
  });

  it('zips the build output, whose package.json has no dependencies', () => {
    expect(profile.code.default.src).toBe('./lambda/dist');
    const built = JSON.parse(readFileSync(join(root, 'lambda/dist/package.json'), 'utf8'));
    expect(built.dependencies).toBeUndefined();
    expect(built.main).toBe('index.js');
  });

  it('has ask deploy subscribe the deployed function to SKILL_DISABLED on every deploy', () => {
    // The ASK CLI writes the stack's SkillEndpoint into skill.json's events.endpoint, with these subscriptions.
    expect(profile.skillInfrastructure.userConfig.skillEvents).toEqual({ subscriptions: ['SKILL_DISABLED'] });
  });

  it('is written the way the ASK CLI writes it back, so a deploy leaves it unchanged', () => {
    const text = readFileSync(join(root, 'ask-resources.json'), 'utf8');

    expect(text).toBe(JSON.stringify(JSON.parse(text), null, 2));
  });

  it('names the same runtime and handler as the template', () => {
    expect(profile.skillInfrastructure.userConfig.runtime).toBe(template.Parameters.LambdaRuntime?.Default);
    expect(profile.skillInfrastructure.userConfig.handler).toBe('index.handler');
    expect(template.Parameters.LambdaRuntime?.Default).toMatch(/^nodejs\d+\.x$/);
  });
});

describe('skill-stack.yaml', () => {
  it('takes the parameters the ASK CLI passes', () => {
    for (const name of ['SkillId', 'LambdaRuntime', 'LambdaHandler', 'CodeBucket', 'CodeKey', 'CodeVersion']) {
      expect(template.Parameters).toHaveProperty(name);
    }
  });

  const skillFunction = () => template.Resources.SkillFunction as Resource;
  const jobFunction = () => template.Resources.MonthlyJobFunction as Resource;

  it('runs index.handler on the Node.js runtime, inside Alexa’s 8-second limit', () => {
    const fn = skillFunction().Properties;

    expect(fn.Runtime).toEqual({ Ref: 'LambdaRuntime' });
    expect(fn.Handler).toEqual({ Ref: 'LambdaHandler' });
    expect(fn.Timeout).toBeLessThan(8);
    expect(fn.Code).toEqual({
      S3Bucket: { Ref: 'CodeBucket' },
      S3Key: { Ref: 'CodeKey' },
      S3ObjectVersion: { Ref: 'CodeVersion' },
    });
    expect((fn.Environment as { Variables: Record<string, unknown> }).Variables).toMatchObject({
      TABLE_NAME: { Ref: 'CustomerTable' },
      SKILL_ID: { Ref: 'SkillId' },
    });
  });

  it('keeps customers in an on-demand, recoverable, encrypted table with the official key schema', () => {
    const table = template.Resources.CustomerTable as Resource;

    expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(table.Properties.SSESpecification).toEqual({ SSEEnabled: true });
    expect(table.Properties.KeySchema).toEqual([{ AttributeName: 'id', KeyType: 'HASH' }]);
    expect(table.DeletionPolicy).toBe('Retain');
  });

  const dynamoActions = (roleName: string) => {
    // Amazon Pay with its API: the customer table only (the linked card's own statements are checked below).
    const stack = stackFor({
      PaymentRail: 'amazon-pay',
      AmazonPaySellerId: 'A2SELLER',
      AmazonPayApiUrl: 'https://pay.example.com',
    });
    const role = (stack.resources[roleName] as Resource).Properties as {
      Policies: { PolicyDocument: { Statement: { Action: string[]; Resource: unknown }[] } }[];
    };
    const statements = role.Policies.flatMap((policy) => policy.PolicyDocument.Statement);
    const dynamo = statements.filter((statement) => statement.Action.some((action) => action.startsWith('dynamodb:')));
    expect(dynamo).toHaveLength(1);
    expect(dynamo[0]?.Resource).toEqual({ 'Fn::GetAtt': ['CustomerTable', 'Arn'] });
    expect(statements.flatMap((statement) => statement.Action).some((action) => action.includes('*'))).toBe(false);
    return dynamo[0]?.Action.sort();
  };

  it('allows each function only the item operations it uses, on that table', () => {
    expect(dynamoActions('SkillFunctionRole')).toEqual(['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem']);
    expect(dynamoActions('MonthlyJobRole')).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Scan']);
    expect(skillFunction().Properties.Role).toEqual({ 'Fn::GetAtt': ['SkillFunctionRole', 'Arn'] });
    expect(jobFunction().Properties.Role).toEqual({ 'Fn::GetAtt': ['MonthlyJobRole', 'Arn'] });
  });

  it('runs the monthly charges from the same code on an hourly schedule', () => {
    const job = jobFunction().Properties;
    const rule = only('AWS::Events::Rule').Properties as { ScheduleExpression: string; Targets: { Arn: unknown }[] };

    expect(job.Handler).toBe('index.monthlyChargesHandler');
    expect(job.Code).toEqual(skillFunction().Properties.Code);
    expect(rule.ScheduleExpression).toMatch(/^cron\(\d+ \* \* \* \? \*\)$/);
    expect(rule.Targets[0]?.Arn).toEqual({ 'Fn::GetAtt': ['MonthlyJobFunction', 'Arn'] });
    expect(
      ofType('AWS::Lambda::Permission').some(
        (permission) =>
          permission.Properties.Principal === 'events.amazonaws.com' && permission.Properties.SourceArn !== undefined,
      ),
    ).toBe(true);
  });

  it('keeps logs for a bounded time', () => {
    for (const logGroup of ofType('AWS::Logs::LogGroup')) {
      expect(logGroup.Properties.RetentionInDays).toEqual({ Ref: 'LogRetentionDays' });
    }
    expect(skillFunction().Properties.LoggingConfig).toMatchObject({ LogGroup: { Ref: 'SkillLogGroup' } });
    expect(jobFunction().Properties.LoggingConfig).toMatchObject({ LogGroup: { Ref: 'MonthlyJobLogGroup' } });
  });

  it('lets only this skill invoke the skill function', () => {
    const permission = (template.Resources.AlexaInvokePermission as Resource).Properties;

    expect(permission.Principal).toBe('alexa-appkit.amazon.com');
    expect(permission.EventSourceToken).toEqual({ Ref: 'SkillId' });
    expect(permission.Action).toBe('lambda:InvokeFunction');
  });

  it('outputs the function ARN as SkillEndpoint', () => {
    expect(template.Outputs.SkillEndpoint?.Value).toEqual({ 'Fn::GetAtt': ['SkillFunction', 'Arn'] });
  });

  it('alarms on function errors', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm').map((alarm) => alarm.Properties.MetricName);

    expect(alarms).toContain('Errors');
  });

  it('alarms on records that could not be read, on the metric the skill and the job log for the table they use', () => {
    const alarm = (template.Resources.UnreadableRecordsAlarm as Resource).Properties;

    expect(alarm).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      MetricName: UNREADABLE_RECORDS_METRIC,
      Dimensions: [{ Name: 'TableName', Value: { Ref: 'CustomerTable' } }],
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
    for (const fn of [skillFunction(), jobFunction()]) {
      expect(fn.Properties.Environment).toMatchObject({ Variables: { TABLE_NAME: { Ref: 'CustomerTable' } } });
    }
  });
});

const OVERDUE_EVENTS = ['order-review-overdue', 'plan-charge-review-overdue', 'fulfilment-overdue'];

describe('a payment in review, or a paid retirement, past its deadline', () => {
  it('is counted from the job log lines that say so and alarmed on, so that a person takes it', () => {
    const filter = (template.Resources.MonthlyJobOverdueMetric as Resource).Properties;
    const alarm = (template.Resources.MonthlyJobOverdueAlarm as Resource).Properties;
    const transformation = (filter.MetricTransformations as Record<string, unknown>[])[0];

    expect(filter.LogGroupName).toEqual({ Ref: 'MonthlyJobLogGroup' });
    for (const event of OVERDUE_EVENTS) {
      expect(filter.FilterPattern).toContain(`$.event = "${event}"`);
    }
    expect(alarm).toMatchObject({
      Namespace: transformation?.MetricNamespace,
      MetricName: transformation?.MetricName,
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
  });

  it('is logged by the job under the events the filter counts', () => {
    const job = readFileSync(join(root, 'lambda/src/features/offsets/use-cases/run-monthly-charges.ts'), 'utf8');

    for (const event of OVERDUE_EVENTS) expect(job).toContain(`event: '${event}'`);
  });
});

/**
 * The stack CloudFormation would create for these parameter values: conditions evaluated, resources and outputs whose
 * condition is false left out, `Fn::If` resolved and `AWS::NoValue` dropped.
 */
function stackFor(values: Record<string, string>) {
  const parameters: Record<string, string> = {
    ...Object.fromEntries(Object.entries(template.Parameters).map(([name, p]) => [name, String(p.Default ?? '')])),
    SkillId: 'amzn1.ask.skill.00000000-0000-0000-0000-000000000000',
    ...values,
  };
  const NO_VALUE = Symbol('AWS::NoValue');
  const value = (node: unknown): string => {
    if (typeof node === 'string') return node;
    const ref = (node as { Ref?: string }).Ref;
    if (ref !== undefined && ref in parameters) return parameters[ref] ?? '';
    throw new Error(`Conditions here compare parameters and strings only: ${JSON.stringify(node)}`);
  };
  const holds = (node: unknown): boolean => {
    const expression = node as Record<string, unknown[] | string>;
    if ('Condition' in expression) return condition(expression.Condition as string);
    if ('Fn::Equals' in expression) {
      const [left, right] = expression['Fn::Equals'] as unknown[];
      return value(left) === value(right);
    }
    if ('Fn::Not' in expression) return !holds((expression['Fn::Not'] as unknown[])[0]);
    if ('Fn::And' in expression) return (expression['Fn::And'] as unknown[]).every(holds);
    if ('Fn::Or' in expression) return (expression['Fn::Or'] as unknown[]).some(holds);
    throw new Error(`Unknown condition function: ${JSON.stringify(node)}`);
  };
  const condition = (name: string): boolean => {
    if (!(name in template.Conditions)) throw new Error(`No condition ${name}`);
    return holds(template.Conditions[name]);
  };
  const resolve = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(resolve).filter((item) => item !== NO_VALUE);
    if (typeof node !== 'object' || node === null) return node;
    const record = node as Record<string, unknown>;
    if ('Fn::If' in record) {
      const [name, whenTrue, whenFalse] = record['Fn::If'] as [string, unknown, unknown];
      return resolve(condition(name) ? whenTrue : whenFalse);
    }
    if (record.Ref === 'AWS::NoValue') return NO_VALUE;
    return Object.fromEntries(
      Object.entries(record)
        .map(([key, child]) => [key, resolve(child)] as const)
        .filter(([, child]) => child !== NO_VALUE),
    );
  };
  const present = <T extends { Condition?: string }>(entries: Record<string, T>) =>
    Object.fromEntries(
      Object.entries(entries)
        .filter(([, entry]) => entry.Condition === undefined || condition(entry.Condition))
        .map(([name, entry]) => [name, resolve(entry) as T]),
    );
  return { parameters, resources: present(template.Resources), outputs: present(template.Outputs) };
}

/** The account service's resources (and their outputs' targets). */
const ACCOUNT_RESOURCES = new Set(
  Object.entries(template.Resources)
    .filter(([, resource]) => resource.Condition === 'AccountsEnabled')
    .map(([name]) => name),
);

const OWN_REFERENCES = ['Ref', 'Fn::GetAtt', 'Fn::Sub'];

/** References outside an `Fn::If` on SellsOnCard (a branch that exists only with the account service). */
function unguardedReferencesIn(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(unguardedReferencesIn);
  if (typeof node !== 'object' || node === null) return [];
  const record = node as Record<string, unknown>;
  const branches = record['Fn::If'];
  if (Array.isArray(branches)) {
    return branches[0] === 'SellsOnCard'
      ? unguardedReferencesIn(branches[2])
      : branches.slice(1).flatMap(unguardedReferencesIn);
  }
  const own = Object.fromEntries(Object.entries(record).filter(([key]) => OWN_REFERENCES.includes(key)));
  const children = Object.entries(record).filter(([key]) => !OWN_REFERENCES.includes(key));
  return [...referencesIn(own), ...children.flatMap(([, child]) => unguardedReferencesIn(child))];
}

/** Every resource name a node refers to: Ref, Fn::GetAtt, and ${Name} or ${Name.Attribute} in Fn::Sub. */
function referencesIn(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(referencesIn);
  if (typeof node !== 'object' || node === null) return [];
  const record = node as Record<string, unknown>;
  const own: string[] = [];
  if (typeof record.Ref === 'string') own.push(record.Ref);
  if (Array.isArray(record['Fn::GetAtt'])) own.push(String(record['Fn::GetAtt'][0]));
  const sub = record['Fn::Sub'];
  const text = typeof sub === 'string' ? sub : Array.isArray(sub) ? String(sub[0]) : undefined;
  if (text) for (const [, name] of text.matchAll(/\$\{([\w:]+)(?:\.\w+)?\}/g)) own.push(name ?? '');
  return [...own, ...Object.values(record).flatMap(referencesIn)];
}

const optionalSettings = {
  seller: { PaymentRail: 'amazon-pay', AmazonPaySellerId: 'A2SANDBOXSELLER01' },
  paymentsApi: { AmazonPayApiUrl: 'https://pay-api.example.com' },
  alarmEmail: { AlarmEmail: 'alarms@example.com' },
};
const combinations = [0, 1, 2, 3, 4, 5, 6, 7].map((bits) => {
  const chosen = Object.entries(optionalSettings).filter((_, index) => (bits >> index) & 1);
  return {
    name: chosen.map(([name]) => name).join(' + ') || 'defaults only',
    values: Object.assign({}, ...chosen.map(([, values]) => values)) as Record<string, string>,
  };
});
const MONTHLY_JOB = [
  'MonthlyJobLogGroup',
  'MonthlyJobRole',
  'MonthlyJobFunction',
  'MonthlyJobSchedule',
  'MonthlyJobInvokePermission',
  'MonthlyJobErrorsAlarm',
  'MonthlyJobOverdueMetric',
  'MonthlyJobOverdueAlarm',
];

describe('skill-stack.yaml for each combination of its optional parameters', () => {
  it.each(combinations)('refers only to parameters and resources that exist: $name', ({ values }) => {
    const stack = stackFor(values);
    const known = new Set([...Object.keys(stack.parameters), ...Object.keys(stack.resources)]);
    const dangling = [...Object.entries(stack.resources), ...Object.entries(stack.outputs)].flatMap(([name, entry]) =>
      [...referencesIn(entry), ...[(entry as Resource).DependsOn ?? []].flat()]
        .filter((target) => !target.startsWith('AWS::') && !known.has(target))
        .map((target) => `${name} → ${target}`),
    );

    expect(dangling).toEqual([]);
  });

  it('has the monthly job, its schedule, role, log group and alarm only with a rail that can charge plans', () => {
    const monthly = (values: Record<string, string>) =>
      Object.keys(stackFor(values).resources).filter((name) => name.startsWith('MonthlyJob'));

    expect(monthly({})).toEqual([]);
    expect(monthly(optionalSettings.seller)).toEqual([]);
    expect(monthly(optionalSettings.paymentsApi)).toEqual([]);
    expect(monthly({ ...optionalSettings.paymentsApi, AmazonPaySellerId: 'A2SELLER' })).toEqual([]);
    expect(monthly({ ...optionalSettings.seller, ...optionalSettings.paymentsApi }).sort()).toEqual(
      [...MONTHLY_JOB].sort(),
    );
    expect(Object.values(stackFor({}).resources).some((resource) => resource.Type === 'AWS::Events::Rule')).toBe(false);
  });

  it('sends every alarm, and its all-clear, to the alarm email when one is given', () => {
    const stack = stackFor({
      ...optionalSettings.seller,
      ...optionalSettings.paymentsApi,
      ...optionalSettings.alarmEmail,
    });
    const topics = Object.entries(stack.resources).filter(([, resource]) => resource.Type === 'AWS::SNS::Topic');
    const subscriptions = Object.values(stack.resources).filter(
      (resource) => resource.Type === 'AWS::SNS::Subscription',
    );
    const alarms = Object.values(stack.resources).filter((resource) => resource.Type === 'AWS::CloudWatch::Alarm');

    expect(topics).toHaveLength(1);
    const topic = { Ref: topics[0]?.[0] };
    expect(subscriptions.map((subscription) => subscription.Properties)).toEqual([
      { TopicArn: topic, Protocol: 'email', Endpoint: { Ref: 'AlarmEmail' } },
    ]);
    expect(alarms.length).toBeGreaterThanOrEqual(3);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([topic]);
      expect(alarm.Properties.OKActions).toEqual([topic]);
    }
  });

  it('has no topic and no alarm actions without an alarm email, which may be empty or an address only', () => {
    const stack = stackFor({ ...optionalSettings.seller, ...optionalSettings.paymentsApi });
    const pattern = new RegExp(template.Parameters.AlarmEmail?.AllowedPattern ?? '(missing)');

    expect(Object.values(stack.resources).filter((resource) => resource.Type.startsWith('AWS::SNS::'))).toEqual([]);
    for (const alarm of Object.values(stack.resources).filter(
      (resource) => resource.Type === 'AWS::CloudWatch::Alarm',
    )) {
      expect(alarm.Properties.AlarmActions).toBeUndefined();
      expect(alarm.Properties.OKActions).toBeUndefined();
    }
    expect(['', 'alarms@example.com'].every((email) => pattern.test(email))).toBe(true);
    expect(['alarms', 'a b@example.com', 'alarms@example'].some((email) => pattern.test(email))).toBe(false);
  });
});

describe('skill-stack.yaml, resource by resource', () => {
  it('keeps an UpdateReplacePolicy beside every DeletionPolicy, with the same choice', () => {
    for (const [name, resource] of Object.entries(template.Resources)) {
      expect(`${name}: ${resource.UpdateReplacePolicy}`).toBe(`${name}: ${resource.DeletionPolicy}`);
    }
  });

  it('runs on nodejs24.x, a runtime Lambda supports well beyond nodejs22.x (deprecated on 2027-04-30)', () => {
    expect(template.Parameters.LambdaRuntime?.Default).toBe('nodejs24.x');
  });
});

// --- The account service's block (accounts/) -------------------------------------------------------------------

describe('skill-stack.yaml: the account service', () => {
  const ACCOUNTS = {
    AccountsCodeKey: 'accounts/0123abcd.zip',
    AlexaVendorId: 'M2VENDOR',
    AccountsEmailFrom: 'accounts@example.com',
  };
  const stack = () => stackFor(ACCOUNTS);
  const resource = (name: string) => {
    const found = stack().resources[name];
    if (!found) throw new Error(`no ${name}`);
    return found;
  };
  const variables = () =>
    (resource('AccountsFunction').Properties.Environment as { Variables: Record<string, unknown> }).Variables;

  it('is left out until its zip is uploaded (AccountsCodeKey), and is whole when it is', () => {
    const names = (values: Record<string, string>) =>
      Object.keys(stackFor(values).resources).filter((name) => name.startsWith('Accounts'));

    expect(names({})).toEqual([]);
    expect(names(ACCOUNTS).sort()).toEqual(
      [
        'AccountsTable',
        'AccountsKeysSeed',
        'AccountsLogGroup',
        'AccountsFunctionRole',
        'AccountsFunction',
        'AccountsFunctionUrl',
        'AccountsFunctionUrlPermission',
        'AccountsFunctionInvokeViaUrlPermission',
        'AccountsErrorsAlarm',
        'AccountsDurationAlarm',
      ].sort(),
    );
    // Outside the account service's own block, its resources are reached only behind SellsOnCard (which needs it).
    for (const [name, entry] of Object.entries(template.Resources)) {
      if (unguardedReferencesIn(entry).some((target) => ACCOUNT_RESOURCES.has(target))) {
        expect(`${name}: ${entry.Condition}`).toMatch(new RegExp(`^${name}: (AccountsEnabled|SellsOnCard)$`));
      }
    }
    for (const combination of combinations) {
      const full = stackFor({ ...combination.values, ...ACCOUNTS });
      const known = new Set([...Object.keys(full.parameters), ...Object.keys(full.resources)]);
      const dangling = [...Object.values(full.resources), ...Object.values(full.outputs)]
        .flatMap((entry) => referencesIn(entry))
        .filter((target) => !target.startsWith('AWS::') && !known.has(target));
      expect(dangling).toEqual([]);
    }
  });

  it('keeps accounts in their own table with the key schema the code uses, TTL on expiresAt, recoverable and retained', () => {
    const table = resource('AccountsTable');

    expect(table.Properties.KeySchema).toEqual(ACCOUNTS_TABLE_KEY_SCHEMA);
    expect(table.Properties.AttributeDefinitions).toEqual(ACCOUNTS_TABLE_ATTRIBUTES);
    expect(table.Properties.TimeToLiveSpecification).toEqual({ AttributeName: TTL_ATTRIBUTE, Enabled: true });
    expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(table.Properties.SSESpecification).toEqual({ SSEEnabled: true });
    expect([table.DeletionPolicy, table.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
  });

  it('runs its own bundle behind an HTTPS function URL open to Alexa and browsers', () => {
    const fn = resource('AccountsFunction').Properties;
    expect(fn.Handler).toBe('index.handler');
    expect(fn.Runtime).toEqual({ Ref: 'LambdaRuntime' });
    expect(fn.Code).toEqual({ S3Bucket: { Ref: 'CodeBucket' }, S3Key: { Ref: 'AccountsCodeKey' } });
    expect(
      stackFor({ ...ACCOUNTS, AccountsCodeBucket: 'my-bucket' }).resources.AccountsFunction?.Properties.Code,
    ).toMatchObject({
      S3Bucket: { Ref: 'AccountsCodeBucket' },
    });
    expect(fn.Timeout).toBeLessThanOrEqual(30);
    expect(fn.LoggingConfig).toMatchObject({ LogGroup: { Ref: 'AccountsLogGroup' } });
    expect(resource('AccountsFunctionUrl').Properties).toEqual({
      TargetFunctionArn: { 'Fn::GetAtt': ['AccountsFunction', 'Arn'] },
      AuthType: 'NONE',
    });
    expect(resource('AccountsFunctionUrlPermission').Properties).toMatchObject({
      Action: 'lambda:InvokeFunctionUrl',
      Principal: '*',
      FunctionUrlAuthType: 'NONE',
    });
    expect(resource('AccountsFunctionInvokeViaUrlPermission').Properties).toMatchObject({
      Action: 'lambda:InvokeFunction',
      InvokedViaFunctionUrl: true,
    });
    expect(stack().outputs.AccountsUrl?.Value).toEqual({ 'Fn::GetAtt': ['AccountsFunctionUrl', 'FunctionUrl'] });
    const redirect = (host: string) => `https://${host}/api/skill/link/\${AlexaVendorId}`;
    expect(variables().ALEXA_REDIRECT_URIS).toEqual({
      'Fn::Sub': ['pitangui.amazon.com', 'layla.amazon.com', 'alexa.amazon.co.jp'].map(redirect).join(','),
    });
  });

  it('takes every secret from Secrets Manager by ARN, never from a parameter or a plain variable', () => {
    const secrets = Object.entries(stack().resources).filter(
      ([, entry]) => entry.Type === 'AWS::SecretsManager::Secret',
    );
    const secretNames = secrets.map(([name]) => name);
    for (const setting of SECRET_SETTINGS) {
      const ref = (variables()[`${setting}_SECRET_ARN`] as { Ref?: string } | undefined)?.Ref;
      expect(secretNames).toContain(ref);
      expect(variables()).not.toHaveProperty(setting);
    }
    for (const [name, secret] of secrets) {
      if (name === 'StripeSecretKey') expect(secret.Properties.SecretString).toBe('not-set');
      else expect(secret.Properties.GenerateSecretString).toMatchObject({ ExcludePunctuation: true });
    }
    expect(Object.keys(template.Parameters).filter((name) => /secret|password|pepper|seed/i.test(name))).toEqual([]);
  });

  it('allows the account function only what it uses: item operations and Query on its table, its secrets, SES from its address, its logs', () => {
    const role = resource('AccountsFunctionRole').Properties as {
      Policies: { PolicyDocument: { Statement: { Action: string[]; Resource: unknown; Condition?: unknown }[] } }[];
    };
    const statements = role.Policies.flatMap((policy) => policy.PolicyDocument.Statement);
    const byService = (prefix: string) =>
      statements.filter((statement) => statement.Action.some((action) => action.startsWith(prefix)));

    expect(statements.flatMap((statement) => statement.Action).some((action) => action.includes('*'))).toBe(false);
    const [dynamo] = byService('dynamodb:');
    expect(dynamo?.Action.sort()).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
    expect(dynamo?.Resource).toEqual({ 'Fn::GetAtt': ['AccountsTable', 'Arn'] });
    const [secrets] = byService('secretsmanager:');
    expect(secrets?.Action).toEqual(['secretsmanager:GetSecretValue']);
    expect(secrets?.Resource).toEqual(
      ['AlexaClientSecret', 'AccountsKeysSeed', 'VoiceCodePepper', 'StripeSecretKey'].map((name) => ({ Ref: name })),
    );
    const [ses] = byService('ses:');
    expect(ses?.Action).toEqual(['ses:SendEmail']);
    expect(ses?.Condition).toEqual({ StringEquals: { 'ses:FromAddress': { Ref: 'AccountsEmailFrom' } } });
    expect(byService('logs:')[0]?.Resource).toEqual({ 'Fn::GetAtt': ['AccountsLogGroup', 'Arn'] });
    expect(resource('AccountsFunction').Properties.Role).toEqual({ 'Fn::GetAtt': ['AccountsFunctionRole', 'Arn'] });
  });

  it('alarms on its errors and on answers slow enough to endanger Alexa’s 4.5 s, notifying like every alarm', () => {
    const full = stackFor({ ...ACCOUNTS, AlarmEmail: 'alarms@example.com' });
    const alarms = ['AccountsErrorsAlarm', 'AccountsDurationAlarm'].map((name) => full.resources[name]?.Properties);

    expect(alarms.map((alarm) => alarm?.MetricName)).toEqual(['Errors', 'Duration']);
    expect(Number(alarms[1]?.Threshold)).toBeLessThan(4500);
    for (const alarm of alarms) expect(alarm?.AlarmActions).toEqual([{ Ref: 'AlarmTopic' }]);
  });
});

// --- The linked-card rail: the skill and the job on the account service's table, secrets and email -------------

describe('skill-stack.yaml: the linked-card rail', () => {
  const ACCOUNTS = {
    AccountsCodeKey: 'accounts/0123abcd.zip',
    AlexaVendorId: 'M2VENDOR',
    AccountsEmailFrom: 'orders@example.com',
  };
  type Statement = { Action: string[]; Resource: unknown; Condition?: unknown };
  const resourceOf = (stack: ReturnType<typeof stackFor>, name: string): Resource => {
    const found = stack.resources[name];
    if (!found) throw new Error(`no ${name}`);
    return found;
  };
  const policy = (stack: ReturnType<typeof stackFor>, role: string, name: string) => {
    const { Policies } = resourceOf(stack, role).Properties as {
      Policies: { PolicyName: string; PolicyDocument: { Statement: Statement[] } }[];
    };
    return Policies.find((entry) => entry.PolicyName === name)?.PolicyDocument.Statement;
  };
  const variables = (stack: ReturnType<typeof stackFor>, fn: string) =>
    (resourceOf(stack, fn).Properties.Environment as { Variables: Record<string, unknown> }).Variables;

  it('is the default rail of a new deployment; Amazon Pay is chosen by PaymentRail', () => {
    expect(template.Parameters.PaymentRail).toMatchObject({
      Default: 'linked-card',
      AllowedValues: ['linked-card', 'amazon-pay'],
    });
  });

  it('gives the skill the account service’s URL, table, secrets by ARN and sender, once the service is deployed', () => {
    const stack = stackFor(ACCOUNTS);

    expect(variables(stack, 'SkillFunction')).toMatchObject({
      PAYMENT_RAIL: { Ref: 'PaymentRail' },
      ACCOUNTS_URL: { 'Fn::GetAtt': ['AccountsFunctionUrl', 'FunctionUrl'] },
      ACCOUNTS_TABLE_NAME: { Ref: 'AccountsTable' },
      VOICE_CODE_PEPPER_SECRET_ARN: { Ref: 'VoiceCodePepper' },
      STRIPE_SECRET_KEY_SECRET_ARN: { Ref: 'StripeSecretKey' },
      ORDER_EMAIL_FROM: { Ref: 'AccountsEmailFrom' },
      AMAZON_PAY_SELLER_ID: '',
    });
    expect(variables(stack, 'SkillFunction')).not.toHaveProperty('STRIPE_SECRET_KEY');
    expect(
      variables(stackFor({ ...ACCOUNTS, AccountsPublicUrl: 'https://accounts.example.com' }), 'SkillFunction')
        .ACCOUNTS_URL,
    ).toEqual({
      Ref: 'AccountsPublicUrl',
    });
  });

  it('allows the skill exactly what the card needs: item reads and updates on the accounts table, two secrets, its sender', () => {
    const [table, secrets, email] = policy(stackFor(ACCOUNTS), 'SkillFunctionRole', 'linked-card') ?? [];

    expect(table).toEqual({
      Effect: 'Allow',
      Action: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
      Resource: { 'Fn::GetAtt': ['AccountsTable', 'Arn'] },
    });
    expect(secrets).toMatchObject({
      Action: ['secretsmanager:GetSecretValue'],
      Resource: [{ Ref: 'VoiceCodePepper' }, { Ref: 'StripeSecretKey' }],
    });
    expect(email).toMatchObject({
      Action: ['ses:SendEmail'],
      Condition: { StringEquals: { 'ses:FromAddress': { Ref: 'AccountsEmailFrom' } } },
    });
  });

  it('runs the job on the card too, with no access to the voice-code pepper', () => {
    const stack = stackFor(ACCOUNTS);
    const statements = policy(stack, 'MonthlyJobRole', 'linked-card') ?? [];

    expect(
      Object.keys(stack.resources)
        .filter((name) => name.startsWith('MonthlyJob'))
        .sort(),
    ).toEqual([...MONTHLY_JOB].sort());
    expect(statements[1]).toMatchObject({
      Action: ['secretsmanager:GetSecretValue'],
      Resource: { Ref: 'StripeSecretKey' },
    });
    expect(JSON.stringify(statements)).not.toContain('VoiceCodePepper');
    expect(variables(stack, 'MonthlyJobFunction')).toMatchObject({
      ACCOUNTS_TABLE_NAME: { Ref: 'AccountsTable' },
      STRIPE_SECRET_KEY_SECRET_ARN: { Ref: 'StripeSecretKey' },
      VOICE_CODE_PEPPER: 'the-scheduled-job-checks-no-voice-codes',
    });
  });

  it('sells nothing, and grants nothing, before the account service is deployed or on Amazon Pay', () => {
    for (const values of [{}, { ...ACCOUNTS, PaymentRail: 'amazon-pay' }]) {
      const stack = stackFor(values);
      expect(variables(stack, 'SkillFunction').ACCOUNTS_URL).toBe('');
      expect(policy(stack, 'SkillFunctionRole', 'linked-card')).toBeUndefined();
    }
  });
});
