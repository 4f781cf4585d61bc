import type { Command } from 'commander';

export function registerTerritory(_program: Command): void {}
