import { pino, type Logger } from 'pino';

/**
 * The logger of processes without an HTTP app (`vigil worker`): pino JSON lines at LOG_LEVEL, on
 * stderr so stdout keeps only what a command prints for people and scripts (the ready line).
 */
export function createProcessLogger(level: string, name: string): Logger {
  return pino({ level, name }, pino.destination({ fd: 2, sync: true }));
}
