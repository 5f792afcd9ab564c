import cliProgress from 'cli-progress';

export interface Progress {
  /** Sets the total when it becomes known. */
  total(n: number): void;
  tick(n?: number): void;
  done(summary?: string): void;
}

/**
 * A bar with rate and ETA on a terminal; plain lines (at most one every 2 s) otherwise,
 * so logs and CI stay readable.
 */
export function createProgress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  let total = 0;
  let value = 0;
  const started = Date.now();
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label} [{bar}] {percentage}% | {value}/{total} | {rate}/s | ETA {eta_formatted}`,
        stream,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(0, 0, { rate: 0 });
    return {
      total(n) {
        total = n;
        bar.setTotal(n);
      },
      tick(n = 1) {
        value += n;
        const secs = (Date.now() - started) / 1000;
        bar.update(value, { rate: secs > 0 ? Math.round(value / secs) : 0 });
      },
      done(summary) {
        bar.stop();
        if (summary) stream.write(`${summary}\n`);
      },
    };
  }
  let lastLine = 0;
  return {
    total(n) {
      total = n;
    },
    tick(n = 1) {
      value += n;
      const now = Date.now();
      if (now - lastLine >= 2000) {
        lastLine = now;
        const secs = (now - started) / 1000;
        const rate = secs > 0 ? value / secs : 0;
        const eta = total && rate ? Math.round((total - value) / rate) : '?';
        stream.write(`${label}: ${value}${total ? `/${total}` : ''} (${Math.round(rate)}/s, ETA ${eta}s)\n`);
      }
    },
    done(summary) {
      const secs = (Date.now() - started) / 1000;
      stream.write(`${label}: ${value} in ${secs.toFixed(1)}s${summary ? ` — ${summary}` : ''}\n`);
    },
  };
}

export const silentProgress: Progress = { total() {}, tick() {}, done() {} };
