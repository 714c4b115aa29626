export * from './referentials.ts';
export * from './offers.ts';
