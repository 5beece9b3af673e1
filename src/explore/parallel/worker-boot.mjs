// Explorer, parallel: loads the TypeScript worker through tsx when epoll-lab runs from its sources (bin/epoll-lab.js).
import { register } from 'tsx/esm/api';

register();
const { default: explore } = await import('./worker.ts');
export default explore;
