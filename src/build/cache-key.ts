/**
 * Cache keys derived from what a result depends on, so that no edit can serve a stale one.
 *
 * The files are found, not listed: from entry modules, every relative `import`, `export … from`,
 * `import('…')` and `new URL('…', import.meta.url)` (how the engine names its worker scripts and
 * the Python package's folder) is followed, with Babel's TypeScript parser, not patterns. A URL
 * that names a folder takes every file under it; `import type` is left out, since it does not
 * run. Packages imported by name count by their installed version, Node by its own. The key is a
 * hash of every file's content, so a one-byte edit anywhere in the graph gives a new key, and a
 * file outside it (a chapter's prose, a stylesheet) is never read.
 */
import { parse } from '@babel/parser';
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, posix, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder (not written as a URL, which the walk would take as a folder it reads). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Reads a file by absolute path (injectable, so a test can change one byte without touching disk). */
export type ReadFile = (path: string) => Promise<Uint8Array>;

/** Lists a folder's files, recursively, as paths relative to it. */
export type ListFolder = (path: string) => Promise<string[]>;

export interface GraphOptions {
  root?: string;
  read?: ReadFile;
  list?: ListFolder;
  /** Node's version (default the running one's), for tests. */
  node?: string;
}

/** What the entries depend on. */
export interface DependencyGraph {
  /** Files (modules and data) by path from the root, in order. */
  files: string[];
  /** Packages imported by name (`node:` builtins left out), each with its installed version. */
  packages: Record<string, string>;
  /**
   * References that are not a plain string and so could not be followed, as `file: code`. A test
   * keeps this list known, so a new one is either made a literal or covered some other way.
   */
  dynamic: string[];
}

const MODULE = /\.(?:[cm]?[jt]s)$/;
/** Bytecode next to the Python package is derived from its sources (and written by the native runs). */
const DERIVED = /(?:^|\/)__pycache__(?:\/|$)|\.pyc$/;

const defaultRead: ReadFile = (path) => readFile(path);
const defaultList: ListFolder = async (path) =>
  (await readdir(path, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => relative(path, resolve(e.parentPath, e.name)));

type Node = { type: string; [key: string]: unknown };

function literal(node: Node | undefined): string | null {
  if (!node) return null;
  if (node.type === 'StringLiteral') return node['value'] as string;
  const quasis = node['quasis'] as { value: { cooked: string } }[] | undefined;
  if (node.type === 'TemplateLiteral' && quasis?.length === 1) return quasis[0]!.value.cooked;
  return null;
}

function isImportMetaUrl(node: Node | undefined): boolean {
  if (node?.type !== 'MemberExpression') return false;
  const object = node['object'] as Node;
  const property = node['property'] as Node;
  return object.type === 'MetaProperty' && property.type === 'Identifier' && property['name'] === 'url';
}

type References = { specifiers: string[]; dynamic: string[] };
/** Parsed modules by file and content: a test computes keys for many one-byte variants. */
const parsed = new Map<string, References>();

/** The module's references to other files or packages: followed specifiers, and the ones that are not literals. */
export function moduleReferences(source: string, file: string): References {
  const memo = `${file}\0${source}`;
  const known = parsed.get(memo);
  if (known) return known;
  const refs = parseReferences(source, file);
  parsed.set(memo, refs);
  return refs;
}

function parseReferences(source: string, file: string): References {
  const ast = parse(source, { sourceType: 'module', sourceFilename: file, plugins: ['typescript'], createImportExpressions: true });
  const specifiers: string[] = [];
  const dynamic: string[] = [];
  const where = (node: Node) => {
    const loc = node['loc'] as { start: { line: number } } | undefined;
    return `${file}:${loc?.start.line ?? 0}: ${source.slice(node['start'] as number, node['end'] as number).replace(/\s+/g, ' ')}`;
  };
  const visit = (node: Node): void => {
    switch (node.type) {
      case 'ImportDeclaration':
        if (node['importKind'] !== 'type') specifiers.push(literal(node['source'] as Node)!);
        return;
      case 'ExportNamedDeclaration':
      case 'ExportAllDeclaration':
        if (node['source'] && node['exportKind'] !== 'type') specifiers.push(literal(node['source'] as Node)!);
        break;
      case 'ImportExpression': {
        const target = literal(node['source'] as Node);
        if (target === null) dynamic.push(where(node));
        else specifiers.push(target);
        break;
      }
      case 'NewExpression': {
        const callee = node['callee'] as Node;
        const args = node['arguments'] as Node[];
        if (callee.type === 'Identifier' && callee['name'] === 'URL' && isImportMetaUrl(args[1])) {
          const target = literal(args[0]);
          if (target === null) dynamic.push(where(node));
          else specifiers.push(target.startsWith('.') ? target : `./${target}`);
        }
        break;
      }
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === 'loc' || key === 'leadingComments' || key === 'trailingComments') continue;
      if (Array.isArray(value)) {
        for (const child of value as unknown[])
          if (child && typeof child === 'object' && typeof (child as Node).type === 'string') visit(child as Node);
      } else if (value && typeof value === 'object' && typeof (value as Node).type === 'string') {
        visit(value as Node);
      }
    }
  };
  visit(ast.program as unknown as Node);
  return { specifiers, dynamic };
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

async function isFolder(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

/**
 * Walks the graph from `entries` (paths from the root) and adds every file under each of
 * `folders` (data that no import names, such as the Python package the native CPython imports).
 */
export async function dependencyGraph(entries: string[], folders: string[] = [], options: GraphOptions = {}): Promise<DependencyGraph> {
  const root = options.root ?? ROOT;
  const read = options.read ?? defaultRead;
  const list = options.list ?? defaultList;
  const files = new Set<string>();
  const walked = new Set<string>();
  const names = new Set<string>();
  const dynamic: string[] = [];
  const addFolder = async (abs: string) => {
    for (const entry of await list(abs)) {
      const path = relative(root, resolve(abs, entry)).split('\\').join('/');
      if (!DERIVED.test(path)) files.add(path);
    }
  };
  const queue = [...entries];
  while (queue.length) {
    const file = queue.shift()!;
    if (walked.has(file)) continue;
    walked.add(file);
    files.add(file);
    if (!MODULE.test(file)) continue;
    const text = new TextDecoder().decode(await read(resolve(root, file)));
    const refs = moduleReferences(text, file);
    dynamic.push(...refs.dynamic);
    for (const specifier of refs.specifiers) {
      if (specifier.startsWith('node:')) continue;
      if (!specifier.startsWith('.')) {
        names.add(packageName(specifier));
        continue;
      }
      const target = posix.normalize(posix.join(posix.dirname(file), specifier));
      if (specifier.endsWith('/') || (await isFolder(resolve(root, target)))) await addFolder(resolve(root, target));
      else queue.push(target);
    }
  }
  for (const folder of folders) await addFolder(resolve(root, folder));
  const packages: Record<string, string> = {};
  for (const name of [...names].sort()) {
    const manifest = await read(resolve(root, 'node_modules', name, 'package.json')).then(
      (bytes) => JSON.parse(new TextDecoder().decode(bytes)) as { version: string },
      () => ({ version: 'not installed' }),
    );
    packages[name] = manifest.version;
  }
  return { files: [...files].sort(), packages, dynamic };
}

/** A hash of the graph: every file's path and content, the packages' versions, Node's version and `extra`. */
export async function graphKey(graph: DependencyGraph, extra: unknown, options: GraphOptions = {}): Promise<string> {
  const root = options.root ?? ROOT;
  const read = options.read ?? defaultRead;
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ node: options.node ?? process.version, packages: graph.packages, extra }));
  for (const file of graph.files) {
    const content = await read(resolve(root, file));
    hash.update(`\0${file}\0${content.length}\0`).update(content);
  }
  return hash.digest('hex');
}

/** The build's execution of a chapter: the steps' runner and all it loads. */
export const EXECUTION_ENTRIES = ['src/build/execute-steps.ts'];
/**
 * Files the Python engines read by a path that no module names: the helper package, which the
 * native CPython puts on its `sys.path` (`engine/python/native/run_native.py`), and that driver.
 */
export const EXECUTION_FOLDERS = ['engine/python/heapbook', 'engine/python/native'];
/** The engine's memory snapshot: its maker, and the boot code and helpers it freezes. */
export const SNAPSHOT_ENTRIES = ['src/build/python-snapshot.ts'];

/** Pyodide's version, as installed (also in the graph's packages when imported by name). */
export async function pyodideVersion(options: GraphOptions = {}): Promise<string> {
  const read = options.read ?? defaultRead;
  const bytes = await read(resolve(options.root ?? ROOT, 'node_modules/pyodide/package.json'));
  return (JSON.parse(new TextDecoder().decode(bytes)) as { version: string }).version;
}

/** The key of the engine code that shapes a chapter's results (see EXECUTION_ENTRIES). */
export async function executionKey(options: GraphOptions = {}): Promise<string> {
  const graph = await dependencyGraph(EXECUTION_ENTRIES, EXECUTION_FOLDERS, options);
  return graphKey(graph, { pyodide: await pyodideVersion(options) }, options);
}

/** The key of the engine's memory snapshot (see SNAPSHOT_ENTRIES). */
export async function snapshotKey(options: GraphOptions = {}): Promise<string> {
  const graph = await dependencyGraph(SNAPSHOT_ENTRIES, [], options);
  return graphKey(graph, { pyodide: await pyodideVersion(options) }, options);
}
