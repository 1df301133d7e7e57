import { describe, expect, test } from 'vitest';
import { planScenarios } from './assignment.js';
import { TYPOLOGIES } from './scenarios/scenario.js';

const assigned = (seed: number, profiles: number, rate: number): (string | undefined)[] => {
  const typologyOf = planScenarios(seed, profiles, rate);
  return Array.from({ length: profiles }, (_, i) => typologyOf(i));
};

describe('planScenarios()', () => {
  test('gives exactly round(profiles × rate) profiles a scenario', () => {
    expect(assigned(1, 1000, 0.15).filter(Boolean)).toHaveLength(150);
    expect(assigned(1, 10, 0.04).filter(Boolean)).toHaveLength(0);
  });

  test('covers every typology with as few scenario profiles as there are typologies', () => {
    const typologies = assigned(3, 87, 0.15).filter(Boolean);
    expect(typologies).toHaveLength(13);
    expect(new Set(typologies)).toEqual(new Set(TYPOLOGIES));
  });

  test('picks the same profiles for the same seed and others for another seed', () => {
    expect(assigned(5, 300, 0.2)).toEqual(assigned(5, 300, 0.2));
    expect(assigned(5, 300, 0.2)).not.toEqual(assigned(6, 300, 0.2));
  });
});
