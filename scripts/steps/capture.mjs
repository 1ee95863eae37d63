// Preloaded by the recorder only: copies every write to stdout and stderr, tagged with its stream,
// to file descriptor 3 in one ordered channel, so the recording keeps the exact interleaving.
import { writeSync } from 'node:fs';

const CHANNEL = 3;

/** Writes all of `line` to the channel, retrying when the pipe is momentarily full. */
function send(line) {
  let buffer = Buffer.from(line, 'utf8');
  while (buffer.length > 0) {
    try {
      buffer = buffer.subarray(writeSync(CHANNEL, buffer));
    } catch (error) {
      if (error.code !== 'EAGAIN') throw error;
    }
  }
}

for (const stream of ['stdout', 'stderr']) {
  const target = process[stream];
  const write = target.write.bind(target);
  target.write = (chunk, ...rest) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    send(`${JSON.stringify({ stream, text })}\n`);
    return write(chunk, ...rest);
  };
}
