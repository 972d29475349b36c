// `npm run demo`: the demo store, the collector and its report, on 127.0.0.1.
import { startDemo } from './startDemo.mjs';

const demo = await startDemo({
  storePort: Number(process.env.STORE_PORT ?? 8080),
  collectorPort: Number(process.env.COLLECTOR_PORT ?? 8787),
}).catch((error) => {
  console.error(`Could not start the demo: ${error.message}\n(Ports busy? Set STORE_PORT and COLLECTOR_PORT.)`);
  process.exit(1);
});

console.log(`
Confidence Pulse demo
  Store (category page):  ${demo.storeUrl}/c/shoes
  Comparison page:        ${demo.storeUrl}/compare
  Product page:           ${demo.storeUrl}/p/trail-runner
  Collector endpoint:     ${demo.endpoint}
  Report:                 ${demo.collectorUrl}/
  Database (SQLite):      ${demo.db}

Scroll half the category page (or stay 20 active seconds) to see the survey. Ctrl+C stops.`);

const stop = async () => {
  await demo.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
