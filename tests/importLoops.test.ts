/**
 * No import loops, type imports included (what `npx madge --circular --extensions ts` reports):
 * the lint rule import-x/no-cycle sees only loops of values, and a loop made of type imports is
 * still two modules that cannot be understood, changed or moved one without the other (the
 * gateway's config, context and edge plugins were one). Each module's imports are read with
 * TypeScript's own pre-processor; a loop is a strongly connected group of two or more modules.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const ROOT = join(__dirname, '..');
const FOLDERS = ['contract', 'domain', 'platform', 'gateway', 'subgraphs', 'systems', 'web'];

function sources(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sources(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

/** The project modules `file` imports (values and types), resolved as TypeScript resolves them. */
function importsOf(file: string, known: ReadonlySet<string>): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return importedFiles
    .filter(({ fileName }) => fileName.startsWith('.'))
    .map(({ fileName }) => resolve(dirname(file), fileName))
    .flatMap((base) => [`${base}.ts`, join(base, 'index.ts')].filter((candidate) => known.has(candidate)).slice(0, 1));
}

/** Tarjan's strongly connected components of two or more modules. */
function loopsOf(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const loops: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) loops.push(group.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return loops;
}

describe('import loops', () => {
  const files = FOLDERS.flatMap((folder) => sources(join(ROOT, folder)));
  const known = new Set(files);
  const graph = new Map(files.map((file) => [file, importsOf(file, known)]));

  it('finds a loop of type imports (the check itself)', () => {
    expect(loopsOf(new Map([['config', ['edge']], ['edge', ['context']], ['context', ['config']], ['leaf', []]]))).toEqual([['config', 'context', 'edge']]);
  });

  it.each(FOLDERS)('%s/ has none, type imports included', (folder) => {
    const loops = loopsOf(graph).filter((group) => group.some((file) => relative(ROOT, file).startsWith(`${folder}/`)));
    expect(loops.map((group) => group.map((file) => relative(ROOT, file)))).toEqual([]);
  });
});
