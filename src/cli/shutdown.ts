/** What shutdown logs through; pino's and Fastify's loggers fit. */
interface ShutdownLogger {
  info(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/**
 * On the first SIGTERM or SIGINT runs `drain` (stop accepting, finish what is in flight, release
 * jobs) and exits 0; a drain that takes longer than `timeoutMs`, or fails, exits 1 so an
 * orchestrator's kill never finds the process half-stopped. A second signal is ignored: the drain
 * is already under way.
 */
export function onShutdownSignal(
  logger: ShutdownLogger,
  timeoutMs: number,
  drain: () => Promise<void>,
): void {
  let draining = false;
  const stop = (signal: NodeJS.Signals) => {
    if (draining) return;
    draining = true;
    logger.info({ signal, timeoutMs }, 'shutting down: draining');
    const timer = setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown timed out; exiting');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    drain().then(
      () => {
        logger.info({ signal }, 'stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
