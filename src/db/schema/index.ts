export * from './referentials.ts';
export * from './offers.ts';
export * from './accounts.ts';
export * from './applications.ts';
export * from './conventions.ts';
export * from './steering.ts';
