import { createRandom } from './random.js';
import { TYPOLOGIES, type Typology } from './scenarios/scenario.js';

/**
 * Chooses exactly round(profiles × rate) scenario profiles and deals the typologies over them in a
 * seeded round-robin, so every typology appears once there are as many scenario profiles as typologies.
 */
export function planScenarios(
  seed: number,
  profiles: number,
  rate: number,
): (index: number) => Typology | undefined {
  const random = createRandom(`${seed}/assignment`);
  const count = Math.min(profiles, Math.round(profiles * rate));
  const indices = new Uint32Array(profiles);
  for (let i = 0; i < profiles; i++) indices[i] = i;
  // Partial Fisher–Yates: the first `count` slots become a uniform sample of profile indices.
  for (let i = 0; i < count; i++) {
    const j = random.int(i, profiles - 1);
    const swap = indices[i] as number;
    indices[i] = indices[j] as number;
    indices[j] = swap;
  }
  const chosen = indices.subarray(0, count).sort();
  const order = random.shuffle(TYPOLOGIES);
  const plan = new Uint8Array(profiles);
  chosen.forEach((profileIndex, i) => {
    plan[profileIndex] = 1 + TYPOLOGIES.indexOf(order[i % order.length] as Typology);
  });
  return (index) => {
    const slot = plan[index] ?? 0;
    return slot === 0 ? undefined : TYPOLOGIES[slot - 1];
  };
}
