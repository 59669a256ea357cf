import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { findPagesDir } from './page-view.js';

export interface PageAsset {
  body: Buffer;
  type: string;
}

/**
 * The one stylesheet, read once and served under a name carrying its content hash, so a
 * browser may keep it for a year and still gets a new one the moment it changes.
 */
@Injectable()
export class PageAssets {
  readonly stylesheetUrl: string;
  private readonly files = new Map<string, PageAsset>();

  constructor() {
    const css = readFileSync(join(findPagesDir(), 'assets', 'site.css'));
    const name = `site.${createHash('sha256').update(css).digest('hex').slice(0, 12)}.css`;
    this.files.set(name, { body: css, type: 'text/css; charset=utf-8' });
    this.stylesheetUrl = `/assets/${name}`;
  }

  get(name: string): PageAsset | undefined {
    return this.files.get(name);
  }
}
