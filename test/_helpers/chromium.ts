// Test and bench helper: where Debian's chromium is and how every headless launch of it is configured.

/** Debian's chromium (EPOLL_LAB_CHROMIUM overrides the path); playwright-core never downloads a browser. */
export const CHROMIUM = process.env['EPOLL_LAB_CHROMIUM'] ?? '/usr/bin/chromium';

/** The flags of every launch: headless, no network services, no first-run UI. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
