import { describe, expect, test } from 'vitest';
import { SCOPES } from '../values/enums.js';
import { ROLES, scopesOfRole } from './roles.js';

describe('roles → scopes', () => {
  test('an analyst reads everything and reviews signals, nothing else', () => {
    expect(scopesOfRole('analyst')).toEqual([
      'profiles:read',
      'transactions:read',
      'baselines:read',
      'rules:read',
      'signals:read',
      'signals:review',
      'batch_runs:read',
      'audit:read',
    ]);
  });

  test('a supervisor adds assignment, rules/settings, batch runs and baselines writes', () => {
    const added = scopesOfRole('supervisor').filter((s) => !scopesOfRole('analyst').includes(s));
    expect(added).toEqual(['baselines:write', 'rules:write', 'signals:assign', 'batch_runs:write']);
  });

  test('an admin holds every scope, users:manage and api_keys:manage included', () => {
    expect(scopesOfRole('admin')).toEqual([...SCOPES]);
  });

  test('each role holds every scope of the roles below it', () => {
    for (let i = 1; i < ROLES.length; i++) {
      const lower = scopesOfRole(ROLES[i - 1]!);
      expect(scopesOfRole(ROLES[i]!)).toEqual(expect.arrayContaining(lower));
    }
  });
});
