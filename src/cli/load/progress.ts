/** A one-line progress bar on stderr, redrawn at most ten times a second (every 2 s when not a terminal). */
export function createProgress(label: string, total: number, stream: NodeJS.WriteStream = process.stderr) {
  const startedAt = performance.now();
  let done = 0;
  let drawnAt = 0;
  const draw = (force: boolean) => {
    const now = performance.now();
    if (!force && now - drawnAt < (stream.isTTY ? 100 : 2000)) return;
    drawnAt = now;
    const share = total === 0 ? 1 : Math.min(1, done / total);
    const width = 30;
    const filled = Math.round(share * width);
    const rate = done / Math.max(0.001, (now - startedAt) / 1000);
    const line = `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} ${Math.round(rate).toLocaleString('en-US')}/s`;
    stream.write(stream.isTTY ? `\r${line}` : `${line}\n`);
  };
  return {
    add(n: number) {
      done += n;
      draw(false);
    },
    finish() {
      draw(true);
      if (stream.isTTY) stream.write('\n');
      return (performance.now() - startedAt) / 1000;
    },
  };
}
