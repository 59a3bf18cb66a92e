/**
 * Config helpers. Fluxion's configs use camelCase keys; Keras 3's use snake_case. The mapping is
 * mechanical: an underscore goes before each capital letter (lowercased) and before each run of
 * digits, so `learningRate` <-> `learning_rate`, `beta1` <-> `beta_1`, `globalClipnorm` <->
 * `global_clipnorm`, `initialAccumulatorValue` <-> `initial_accumulator_value`, `tMul` <-> `t_mul`.
 */
export type ConfigValue = number | string | boolean | null | ConfigValue[] | { [key: string]: ConfigValue };

export function camelToSnake(key: string): string {
  return key.replace(/([A-Z])/g, (c) => `_${c.toLowerCase()}`).replace(/([a-z])(\d+)/g, '$1_$2');
}

export function snakeToCamel(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}
