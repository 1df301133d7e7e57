// Every command's usage line, apart from the commands themselves: `vigil --help` and a usage error
// print them without importing the app (main.ts imports a command only to run it).
export const WORKER_USAGE = 'worker [--concurrency N]';
export const SERVE_USAGE = 'serve [--worker-concurrency N]';
export const SIMULATE_USAGE =
  'simulate --profiles N --months M --seed S --out DIR [--scenario-rate R] [--end-date YYYY-MM-DD]';
export const LOAD_USAGE =
  'load DIR --url URL --tenant TENANT_ID --key API_KEY [--live-from YYYY-MM-DD] [--baselines] [--batch 1000] [--concurrency 4]';
export const EVALUATE_USAGE =
  'evaluate DIR --url URL --tenant TENANT_ID --key API_KEY [--eval-months 6] [--skip-load]';
export const USER_CREATE_USAGE =
  'user create --tenant ID --email E --role analyst|supervisor|admin [--name N] [--json]';
