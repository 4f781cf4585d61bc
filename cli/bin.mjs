#!/usr/bin/env node
// Entry point for `wangge` and `npm start`: registers tsx so the TypeScript sources run without a build step.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
