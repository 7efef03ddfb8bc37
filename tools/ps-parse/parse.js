#!/usr/bin/env node
// Parses every PowerShell file (.ps1, .psm1, .psd1) under the given roots with tree-sitter-powershell and exits
// non-zero naming file:line:column of each ERROR or MISSING node. No PowerShell needed: the grammar runs as
// WebAssembly through web-tree-sitter (both pinned in package-lock.json), so no native build happens on install.
//
//   node tools/ps-parse/parse.js [root-or-file ...]     (default: the repository root)
//   node tools/ps-parse/parse.js --stdin NAME            (parses standard input, reported as NAME)
//
// Known gaps of the grammar (valid PowerShell it rejects; write it the other way):
//   - bare words in a comma list passed to a command:  Select-Object Status, Subject  ->  Select-Object 'Status', 'Subject'
//   - a one-line switch whose default clause follows another clause:  switch ($x) { 'A' { 1 } default { 2 } }
//     -> put each clause on its own line (or separate them with ';').
//
// Exit codes: 0 every file parses; 1 at least one file has a syntax error; 2 bad usage or unreadable file;
// 3 the parser failed its own canary check (it accepted a broken script, or rejected a good one).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';

// The grammar is 1 MB of WebAssembly: V8's optimizing tier spends ~12 s of CPU compiling it in the background and
// the process waits for that at exit. The baseline compiler parses our scripts in milliseconds.
v8.setFlagsFromString('--liftoff-only');

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const Extensions = new Set(['.ps1', '.psm1', '.psd1']);
const Skipped = new Set(['node_modules', 'out', 'bin', 'obj', '.git', 'TestResults']);

async function createParser() {
  let Parser, Language;
  try {
    ({ Parser, Language } = await import('web-tree-sitter'));
  } catch (error) {
    console.error(`ps-parse: web-tree-sitter is not installed (${error.code ?? error.message}): run  npm ci --prefix tools/ps-parse --ignore-scripts`);
    process.exit(2);
  }
  await Parser.init();
  const grammarDir = dirname(require.resolve('tree-sitter-powershell/package.json'));
  const language = await Language.load(join(grammarDir, 'tree-sitter-powershell.wasm'));
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

/** Every ERROR and MISSING node of the source, as { line, column, kind, text }. 1-based lines and columns. */
export function syntaxProblems(parser, source) {
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const tree = parser.parse(text);
  const problems = [];
  try {
    if (!tree.rootNode.hasError) return problems;
    const cursor = tree.walk();
    let descend = true;
    for (;;) {
      const node = cursor.currentNode;
      if (descend && (node.isError || node.isMissing)) {
        problems.push({
          line: node.startPosition.row + 1,
          column: node.startPosition.column + 1,
          kind: node.isMissing ? `MISSING ${node.type}` : 'ERROR',
          text: text.slice(node.startIndex, Math.min(node.endIndex, node.startIndex + 60)).split(/\r?\n/)[0],
        });
      }
      // Walk only into subtrees that contain an error: big clean files cost nothing.
      if (descend && node.hasError && cursor.gotoFirstChild()) continue;
      if (cursor.gotoNextSibling()) { descend = true; continue; }
      if (!cursor.gotoParent()) break;
      descend = false;
    }
    cursor.delete();
  } finally {
    tree.delete();
  }
  return problems;
}

function* powerShellFiles(path) {
  const stat = statSync(path);
  if (stat.isFile()) {
    yield path;
    return;
  }
  for (const entry of readdirSync(path, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.isDirectory()) {
      if (!Skipped.has(entry.name)) yield* powerShellFiles(join(path, entry.name));
    } else if (entry.isFile() && Extensions.has(extname(entry.name).toLowerCase())) {
      yield join(path, entry.name);
    }
  }
}

// A parser that accepts this, or rejects that, cannot be trusted to check anything.
function canary(parser) {
  const good = "param([string]$Path = '.')\n$h = @{ A = 1; B = @('x', 'y') }\nGet-ChildItem -LiteralPath $Path | Where-Object { $_.Length -gt 0 }\n";
  const bad = "function Broken {\n  if ($true) {\n    Write-Output 'unclosed'\n";
  return syntaxProblems(parser, good).length === 0 && syntaxProblems(parser, bad).length > 0;
}

async function main(argv) {
  const parser = await createParser();
  if (!canary(parser)) {
    console.error('ps-parse: the tree-sitter-powershell canary failed: the parser cannot be trusted');
    return 3;
  }

  if (argv[0] === '--stdin') {
    const name = argv[1] ?? '<stdin>';
    const problems = syntaxProblems(parser, readFileSync(0, 'utf8'));
    for (const p of problems) console.log(`${name}:${p.line}:${p.column}: ${p.kind}: ${p.text}`);
    return problems.length === 0 ? 0 : 1;
  }

  const roots = argv.length > 0 ? argv : [resolve(here, '..', '..')];
  let files = 0;
  let failed = 0;
  for (const root of roots) {
    let paths;
    try {
      paths = [...powerShellFiles(resolve(root))];
    } catch (error) {
      console.error(`ps-parse: cannot read ${root}: ${error.message}`);
      return 2;
    }
    for (const file of paths) {
      files++;
      const shown = relative(process.cwd(), file) || file;
      let source;
      try {
        source = readFileSync(file, 'utf8');
      } catch (error) {
        console.error(`${shown}: cannot read: ${error.message}`);
        return 2;
      }
      const problems = syntaxProblems(parser, source);
      if (problems.length > 0) failed++;
      for (const p of problems) console.log(`${shown}:${p.line}:${p.column}: ${p.kind}: ${p.text}`);
    }
  }
  console.log(`ps-parse: ${files} PowerShell file(s), ${failed} with syntax errors`);
  return failed === 0 ? 0 : 1;
}

// Exit explicitly once output is flushed: the WebAssembly runtime keeps the event loop alive for seconds otherwise.
const code = await main(process.argv.slice(2));
process.stdout.write('', () => process.exit(code));
