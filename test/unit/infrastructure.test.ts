import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type Tags } from 'yaml';

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
].flatMap((name) => {
  const key = name === 'Ref' ? 'Ref' : `Fn::${name}`;
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
  DeletionPolicy?: string;
}

const template = parse(readFileSync(join(root, 'infrastructure/cfn-deployer/skill-stack.yaml'), 'utf8'), {
  customTags: cloudFormationTags,
}) as {
  Parameters: Record<string, { Default?: string }>;
  Resources: Record<string, Resource>;
  Outputs: Record<string, { Value: unknown }>;
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
    const table = only('AWS::DynamoDB::Table');

    expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(table.Properties.SSESpecification).toEqual({ SSEEnabled: true });
    expect(table.Properties.KeySchema).toEqual([{ AttributeName: 'id', KeyType: 'HASH' }]);
    expect(table.DeletionPolicy).toBe('Retain');
  });

  const dynamoActions = (roleName: string) => {
    const role = (template.Resources[roleName] as Resource).Properties as {
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

  it('runs the monthly charges from the same code on a daily schedule', () => {
    const job = jobFunction().Properties;
    const rule = only('AWS::Events::Rule').Properties as { ScheduleExpression: string; Targets: { Arn: unknown }[] };

    expect(job.Handler).toBe('index.monthlyChargesHandler');
    expect(job.Code).toEqual(skillFunction().Properties.Code);
    expect(rule.ScheduleExpression).toMatch(/^cron\(/);
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
});
