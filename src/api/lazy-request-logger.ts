import type { FastifyBaseLogger } from 'fastify';
import type { Bindings, ChildLoggerOptions, LevelWithSilentOrString } from 'pino';

/** What Fastify's pino logger offers beyond its base type. */
type Parent = FastifyBaseLogger & { isLevelEnabled(level: string): boolean; bindings(): Bindings };
type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

// Fastify gives every request a pino child logger bound to its request ID. Building one was the
// largest project-side cost of B5's hot path (pino's `child` copies the parent's chindings and
// methods), yet at LOG_LEVEL=warn a request that goes well logs nothing. This stand-in builds the
// child only when a line at an enabled level is written, or something asks for the child itself,
// so the lines written, and their bindings, are exactly those of the eager child.
class LazyRequestLogger {
  #child: Parent | undefined;
  constructor(
    private readonly parent: Parent,
    private readonly childBindings: Bindings,
  ) {}

  #real(): Parent {
    return (this.#child ??= this.parent.child(this.childBindings) as Parent);
  }

  #write(level: Level, args: unknown[]): void {
    if (this.#child === undefined && !this.parent.isLevelEnabled(level)) return;
    const real = this.#real();
    Reflect.apply(real[level], real, args);
  }

  get level(): LevelWithSilentOrString {
    return this.#child?.level ?? this.parent.level;
  }
  set level(level: LevelWithSilentOrString) {
    this.#real().level = level;
  }
  isLevelEnabled(level: string): boolean {
    return (this.#child ?? this.parent).isLevelEnabled(level);
  }
  bindings(): Bindings {
    return this.#real().bindings();
  }
  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.#real().child(bindings, options);
  }
  fatal(...args: unknown[]): void {
    this.#write('fatal', args);
  }
  error(...args: unknown[]): void {
    this.#write('error', args);
  }
  warn(...args: unknown[]): void {
    this.#write('warn', args);
  }
  info(...args: unknown[]): void {
    this.#write('info', args);
  }
  debug(...args: unknown[]): void {
    this.#write('debug', args);
  }
  trace(...args: unknown[]): void {
    this.#write('trace', args);
  }
  silent(): void {}
}

/**
 * Fastify's `childLoggerFactory`: the lazy stand-in for a pino logger when the route sets no level
 * or serializers of its own (else the child Fastify's default factory makes).
 */
export function lazyRequestLogger(
  logger: FastifyBaseLogger,
  bindings: Bindings,
  options: ChildLoggerOptions,
): FastifyBaseLogger {
  // Fastify's no-op logger (logger: false) has no levels to ask: its child is itself.
  const isPino = typeof (logger as Partial<Parent>).isLevelEnabled === 'function';
  if (!isPino || options.level !== undefined || options.serializers !== undefined)
    return logger.child(bindings, options);
  return new LazyRequestLogger(logger as Parent, bindings);
}
