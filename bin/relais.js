#!/usr/bin/env node
// Thin launcher so the package `bin` works after `npm install` (which builds dist/ in `prepare`).
import '../dist/cli/relais.js';
