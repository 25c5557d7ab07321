/**
 * The `oomcheck` executable's entry (bin/oomcheck.js imports it after registering
 * tsx). All logic is in run.ts; this file only binds it to the process.
 */
import { processIo } from './io.ts';
import { runCli } from './run.ts';

const code = await runCli(process.argv.slice(2), { io: processIo });
// Exit explicitly: a user's model file may leave timers or handles open. Writing an
// empty chunk first lets queued stdout (a pipe, on some platforms) drain.
process.stdout.write('', () => process.exit(code));
