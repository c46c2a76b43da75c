// `nest build` without the Nest CLI: the CLI 12 pulls TypeScript 6 and we pin ~5.9 (ARCHITECTURE).
// Reads nest-cli.json for the tsconfig and the @nestjs/swagger plugin options, type-checks, emits.
const fs = require('node:fs');
const ts = require('typescript');
const swaggerPlugin = require('@nestjs/swagger/plugin');
const nestCli = require('../nest-cli.json');

const { tsConfigPath, plugins } = nestCli.compilerOptions;
const swaggerOptions = plugins.find((plugin) => plugin.name === '@nestjs/swagger').options;
const host = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => fail([d]) };
const config = ts.getParsedCommandLineOfConfigFile(tsConfigPath, { incremental: false }, host);
const program = ts.createProgram(config.fileNames, config.options);

function fail(diagnostics) {
  const formatHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: ts.sys.getCurrentDirectory, getNewLine: () => '\n' };
  process.stderr.write(ts.formatDiagnosticsWithColorAndContext(diagnostics, formatHost));
  process.exit(1);
}

const errors = ts.getPreEmitDiagnostics(program).filter((d) => d.category === ts.DiagnosticCategory.Error);
if (errors.length > 0) fail(errors);

fs.rmSync(config.options.outDir, { recursive: true, force: true });
const transformers = { before: [swaggerPlugin.before(swaggerOptions, program)] };
const result = program.emit(undefined, undefined, undefined, false, transformers);
if (result.diagnostics.length > 0) fail(result.diagnostics);
