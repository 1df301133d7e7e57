#!/usr/bin/env node
// Runs the compiled CLI from dist/ (`npm run build`; `npm ci` builds it through `prepare`), so
// production never compiles TypeScript at start. VIGIL_SOURCE=1 runs src/ through tsx instead
// (development, where dist/ may be older than the source).
if (process.env.VIGIL_SOURCE === '1') {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
} else {
  try {
    await import('../dist/src/cli/main.js');
  } catch (error) {
    if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/src/cli/main.js')) {
      process.stderr.write(
        'vigil: dist/ is missing: run `npm run build` (npm ci does it) or set VIGIL_SOURCE=1\n',
      );
      process.exit(1);
    }
    throw error;
  }
}
