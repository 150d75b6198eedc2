import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import ts from 'typescript';

/**
 * The shape of lambda/src (docs/architecture.md), checked on every import: which folder may use which, so that a
 * flow stays in its feature folder and the layers keep pointing one way.
 */
const ROOT = join(__dirname, '../..');
const SOURCE = 'lambda/src';

interface Import {
  /** The importing file, relative to the project root. */
  readonly from: string;
  /** A project file (relative to the root) or a package name. */
  readonly to: string;
  readonly typeOnly: boolean;
}

function sourceFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { withFileTypes: true }).flatMap((entry) => {
    const path = `${folder}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const FILES = sourceFiles(SOURCE);

function resolve(from: string, specifier: string): string {
  if (!specifier.startsWith('.'))
    return specifier.startsWith('@')
      ? specifier.split('/').slice(0, 2).join('/')
      : (specifier.split('/')[0] ?? specifier);
  const base = normalize(join(dirname(from), specifier));
  const found = [`${base}.ts`, `${base}/index.ts`, base].find(
    (candidate) => FILES.includes(candidate) || candidate.endsWith('.json'),
  );
  return found ?? base;
}

function importsOf(file: string): Import[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const found: Import[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      const specifier = (node.moduleSpecifier as ts.StringLiteral).text;
      const typeOnly = ts.isImportDeclaration(node) ? (node.importClause?.isTypeOnly ?? false) : node.isTypeOnly;
      found.push({ from: file, to: resolve(file, specifier), typeOnly });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.getText(source) === 'require' &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push({ from: file, to: resolve(file, node.arguments[0].text), typeOnly: false });
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      found.push({ from: file, to: resolve(file, node.argument.literal.text), typeOnly: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const IMPORTS = FILES.flatMap(importsOf);

/** The top folder of a file under lambda/src: app, conversation, shared, features/<name>, or index.ts. */
function area(path: string): string {
  const [top, second] = relative(SOURCE, path).split('/');
  return top === 'features' ? `features/${second}` : (top ?? path);
}

const inSource = (path: string) => path.startsWith(`${SOURCE}/`);
const describeImport = ({ from, to }: Import) => `${from} -> ${to}`;

describe('the layers of lambda/src', () => {
  it('shared/ uses no other part of the skill', () => {
    const wrong = IMPORTS.filter((i) => area(i.from) === 'shared' && inSource(i.to) && area(i.to) !== 'shared');

    expect(wrong.map(describeImport)).toEqual([]);
  });

  it('conversation/ uses only shared/, never a feature or the composition root', () => {
    const wrong = IMPORTS.filter(
      (i) => area(i.from) === 'conversation' && inSource(i.to) && !['conversation', 'shared'].includes(area(i.to)),
    );

    expect(wrong.map(describeImport)).toEqual([]);
  });

  it('a feature reaches another feature only through its index.ts', () => {
    const wrong = IMPORTS.filter(
      (i) =>
        area(i.from).startsWith('features/') &&
        area(i.to).startsWith('features/') &&
        area(i.to) !== area(i.from) &&
        !i.to.endsWith(`${area(i.to)}/index.ts`),
    );

    expect(wrong.map(describeImport)).toEqual([]);
  });

  it('features never use the composition root', () => {
    const wrong = IMPORTS.filter((i) => area(i.from).startsWith('features/') && area(i.to) === 'app');

    expect(wrong.map(describeImport)).toEqual([]);
  });

  it('only the composition root builds adapters: no handler, use case or speech imports one', () => {
    const wrong = IMPORTS.filter(
      (i) => i.to.includes('/adapters/') && !i.typeOnly && area(i.from) !== 'app' && !i.from.includes('/adapters/'),
    );

    expect(wrong.map(describeImport)).toEqual([]);
  });

  it('the features, from the outside, are used through their index.ts and adapters/ only', () => {
    const wrong = IMPORTS.filter(
      (i) =>
        area(i.from) === 'app' &&
        area(i.to).startsWith('features/') &&
        !i.to.endsWith(`${area(i.to)}/index.ts`) &&
        !i.to.includes('/adapters/'),
    );

    expect(wrong.map(describeImport)).toEqual([]);
  });
});

describe('domain code is pure', () => {
  const domain = IMPORTS.filter((i) => /\/domain\//.test(i.from));

  it('imports neither the ASK SDK, the AWS SDK nor an HTTP client', () => {
    const wrong = domain.filter((i) => /^(ask-sdk|@aws-sdk|axios)/.test(i.to));

    expect(wrong.map(describeImport)).toEqual([]);
  });

  it('imports no handler, speech, use case, adapter or conversation code, and other features only for types', () => {
    const allowed = (i: Import) =>
      (area(i.to) === area(i.from) && /\/(domain|data)\//.test(i.to)) ||
      i.to === `${SOURCE}/shared/errors.ts` ||
      (i.typeOnly && i.to.endsWith('/index.ts'));
    const wrong = domain.filter((i) => inSource(i.to) && !allowed(i));

    expect(wrong.map(describeImport)).toEqual([]);
  });
});

describe('one place for each concern', () => {
  const grep = (pattern: RegExp) =>
    FILES.filter((file) =>
      pattern.test(readFileSync(join(ROOT, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')),
    );

  it('session attributes are read and written only by the conversation state', () => {
    expect(grep(/\b(get|set)SessionAttributes\b/)).toEqual(['lambda/src/conversation/conversation-state.ts']);
  });

  it('the environment is read only by the configuration, which the Lambda entry hands it', () => {
    expect(grep(/process\.env/)).toEqual(['lambda/src/app/config.ts', 'lambda/src/index.ts']);
  });

  it('SSML is built in one helper and never edited afterwards', () => {
    expect(grep(/<speak>|\.ssml\.replace|outputSpeech/)).toEqual([]);
  });

  it('every error class the skill defines is a GreenHorizonsError', () => {
    expect(grep(/class \w+ extends (Error|TypeError|RangeError)\b/)).toEqual(['lambda/src/shared/errors.ts']);
  });
});

describe('handlers stay small', () => {
  const HANDLER_FILES = FILES.filter((file) => /(^|\/)(core-)?handlers\.ts$|yes-no\.ts$/.test(file));
  const SCREEN = 30;

  it('every function in a handlers file fits on one screen: read the input, call one use case, speak', () => {
    const long = HANDLER_FILES.flatMap((file) => {
      const source = ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.ES2022, true);
      return source.statements.filter(ts.isFunctionDeclaration).flatMap((fn) => {
        const lines =
          source.getLineAndCharacterOfPosition(fn.getEnd()).line -
          source.getLineAndCharacterOfPosition(fn.getStart()).line +
          1;
        return lines > SCREEN ? [`${file}: ${fn.name?.text ?? 'function'} has ${lines} lines`] : [];
      });
    });

    expect(HANDLER_FILES.length).toBeGreaterThanOrEqual(4);
    expect(long).toEqual([]);
  });
});
