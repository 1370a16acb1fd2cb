// OpenAI's fine-tuning guide, run by the official `openai` npm client against Doppel's gateway with
// nothing changed but the base URL and the key. StackEndToEndTest starts the stack, creates the API
// keys and runs this script; it exits non-zero at the first step that does not behave as OpenAI's API.
//
// Environment: OPENAI_BASE_URL (http://localhost:PORT/v1), OPENAI_API_KEY (a tenant's Doppel API key),
// OTHER_TENANT_API_KEY (another tenant's key), TRAINING_PAIRS (a prompt/completion JSONL to convert into
// the guide's chat format), WORK_DIR (where to write the training file), BASE_MODEL, TIMEOUT_S.
import OpenAI from 'openai';
import fs from 'node:fs';
import path from 'node:path';

const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};

const client = new OpenAI({ baseURL: env('OPENAI_BASE_URL'), apiKey: env('OPENAI_API_KEY') });
const otherTenant = new OpenAI({ baseURL: env('OPENAI_BASE_URL'), apiKey: env('OTHER_TENANT_API_KEY') });
const deadline = Date.now() + Number(env('TIMEOUT_S', '600')) * 1000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function step(name) {
  console.log(`== ${name}`);
}

function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
}

/** Runs `call`, which must fail with an APIError of `errorClass` and `status`; returns the error. */
async function expectError(what, errorClass, status, call) {
  try {
    await call();
  } catch (error) {
    check(error instanceof errorClass, `${what}: expected ${errorClass.name}, got ${error?.constructor?.name}: ${error?.message}`);
    check(error.status === status, `${what}: expected status ${status}, got ${error.status}`);
    console.log(`   ${what}: ${error.status} ${error.type ?? ''} ${error.code ?? ''} param=${error.param ?? ''} — ${error.message}`);
    return error;
  }
  throw new Error(`${what}: the call succeeded, expected ${errorClass.name} ${status}`);
}

async function until(what, probe, intervalMs = 1000) {
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(intervalMs);
  }
}

// 1. Upload: the guide's chat format, {"messages": [system, user, assistant]} per line.
step('upload a training file in the chat format');
const pairs = fs.readFileSync(env('TRAINING_PAIRS'), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
const trainingPath = path.join(env('WORK_DIR'), 'openai-guide-training.jsonl');
fs.writeFileSync(trainingPath, pairs.map((p) => JSON.stringify({
  messages: [
    { role: 'system', content: 'You write like me.' },
    { role: 'user', content: p.prompt },
    { role: 'assistant', content: p.completion },
  ],
})).join('\n') + '\n');
const file = await client.files.create({ file: fs.createReadStream(trainingPath), purpose: 'fine-tune' });
check(file.object === 'file' && file.id.startsWith('file-'), `file object ${JSON.stringify(file)}`);
check(file.purpose === 'fine-tune' && file.filename === 'openai-guide-training.jsonl', `file fields ${JSON.stringify(file)}`);
console.log(`   ${file.id} ${file.bytes} bytes, status ${file.status}`);
const listedFiles = await client.files.list();
check(listedFiles.data.some((f) => f.id === file.id), 'the uploaded file is listed');
check((await client.files.retrieve(file.id)).id === file.id, 'files.retrieve');

// 2. Create a fine-tuning job.
step('create a fine-tuning job');
const job = await client.fineTuning.jobs.create({
  model: env('BASE_MODEL', 'doppel-mail'),
  training_file: file.id,
  suffix: 'openai-npm',
  seed: 7,
  method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: 2, batch_size: 8 } } },
});
check(job.object === 'fine_tuning.job' && job.id.startsWith('ftjob-'), `job object ${JSON.stringify(job)}`);
check(['validating_files', 'queued', 'running'].includes(job.status), `new job status ${job.status}`);
console.log(`   ${job.id} ${job.status}`);
const listedJobs = await client.fineTuning.jobs.list({ limit: 10 });
check(listedJobs.data.some((j) => j.id === job.id), 'the job is listed');

// 3. Follow its events until the job ends, as the guide does: poll retrieve + listEvents.
step('follow the job');
const seen = new Set();
let finished;
await until('the job to finish', async () => {
  const page = await client.fineTuning.jobs.listEvents(job.id, { limit: 100 });
  for (const event of [...page.data].reverse()) {
    if (seen.has(event.id)) continue;
    seen.add(event.id);
    check(event.object === 'fine_tuning.job.event', `event object ${JSON.stringify(event)}`);
    console.log(`   [${event.level}] ${event.message}`);
  }
  finished = await client.fineTuning.jobs.retrieve(job.id);
  return ['succeeded', 'failed', 'cancelled'].includes(finished.status);
}, 2000);
check(finished.status === 'succeeded', `job ended ${finished.status}: ${JSON.stringify(finished.error)}`);
check(finished.fine_tuned_model?.startsWith(`ft:${job.model}:`), `fine_tuned_model ${finished.fine_tuned_model}`);
check(finished.trained_tokens > 0, `trained_tokens ${finished.trained_tokens}`);
// Auto-pagination walks the `after` cursors 5 events at a time: every event once, none lost between pages.
const paged = [];
for await (const event of client.fineTuning.jobs.listEvents(job.id, { limit: 5 })) {
  paged.push(event.id);
}
const events = new Set(paged).size;
check(events === paged.length, `pagination repeated events: ${paged}`);
check([...seen].every((id) => paged.includes(id)), `pagination lost events: polled ${[...seen]}, paged ${paged}`);
console.log(`   ${finished.status}: ${finished.fine_tuned_model}, ${finished.trained_tokens} tokens, ${events} events`);

// 4. Checkpoints.
step('list checkpoints');
const checkpoints = await client.fineTuning.jobs.checkpoints.list(job.id);
check(checkpoints.data.length > 0, 'at least one checkpoint');
for (const checkpoint of checkpoints.data) {
  check(checkpoint.object === 'fine_tuning.job.checkpoint', `checkpoint ${JSON.stringify(checkpoint)}`);
  check(checkpoint.fine_tuned_model_checkpoint.startsWith(finished.fine_tuned_model), `checkpoint model ${checkpoint.fine_tuned_model_checkpoint}`);
  console.log(`   step ${checkpoint.step_number}: ${checkpoint.fine_tuned_model_checkpoint} ${JSON.stringify(checkpoint.metrics)}`);
}

// 5. Chat with the model once the evaluator has published it.
step('chat, plain and streaming');
const model = finished.fine_tuned_model;
await until('the model to be served', async () => {
  try {
    return (await client.models.retrieve(model)).id === model;
  } catch (error) {
    if (error instanceof OpenAI.NotFoundError) return false;
    throw error;
  }
});
check((await client.models.list()).data.some((m) => m.id === model), 'models.list has the fine-tuned model');
// The evaluator scores the checkpoints one by one and publishes the best so far each time, so the model id can
// move to a better checkpoint after it first answers. Wait (on Doppel's own endpoints, through the client's
// generic get) until every checkpoint is scored and the served one is the best, so that the plain and the
// streamed replies below come from the same weights.
const servedEvaluation = await until('the best checkpoint to be served', async () => {
  const scored = (await client.get(`/doppel/models/${encodeURIComponent(model)}/evaluations`)).data;
  if (scored.length < checkpoints.data.length) return null;
  const score = (e) => e.valid_loss ?? e.loss;
  const best = scored.reduce((a, b) => (score(b) < score(a) ? b : a));
  const served = await client.get(`/doppel/models/${encodeURIComponent(model)}/evaluation`);
  return served.checkpoint === best.checkpoint ? served : null;
});
console.log(`   served: checkpoint ${servedEvaluation.checkpoint} (step ${servedEvaluation.step}), the best of ${checkpoints.data.length}`);
const request = {
  model,
  messages: [{ role: 'system', content: 'You write like me.' }, { role: 'user', content: 'are you coming tonight?' }],
  temperature: 0,
  max_tokens: 24,
  seed: 1,
};

// The same request plain and streamed must give the same reply: at temperature 0, and when sampling with a seed.
async function plainAndStreamed(request, how) {
  const plain = await client.chat.completions.create(request);
  check(plain.object === 'chat.completion' && plain.choices.length === 1, `completion ${JSON.stringify(plain)}`);
  const plainText = plain.choices[0].message.content;
  check(plain.choices[0].message.role === 'assistant', 'assistant message');
  check(['stop', 'length'].includes(plain.choices[0].finish_reason), `finish_reason ${plain.choices[0].finish_reason}`);
  // The e2e model has trained for a few dozen steps, so its reply may be anything, "" included (the model
  // chose end-of-turn first); a reply with text must have counted its tokens.
  check((plainText === '' || plain.usage.completion_tokens > 0)
    && plain.usage.total_tokens === plain.usage.prompt_tokens + plain.usage.completion_tokens,
    `usage ${JSON.stringify(plain.usage)} for the reply ${JSON.stringify(plainText)}`);
  console.log(`   plain, ${how}: ${JSON.stringify(plainText)} (${plain.usage.completion_tokens} tokens)`);

  const stream = await client.chat.completions.create({ ...request, stream: true, stream_options: { include_usage: true } });
  let streamed = '';
  let chunks = 0;
  let finishReason;
  let streamUsage;
  for await (const chunk of stream) {
    check(chunk.object === 'chat.completion.chunk', `chunk ${JSON.stringify(chunk)}`);
    if (chunk.usage) streamUsage = chunk.usage;
    for (const choice of chunk.choices) {
      streamed += choice.delta?.content ?? '';
      if (choice.finish_reason) finishReason = choice.finish_reason;
    }
    chunks += 1;
  }
  console.log(`   streamed in ${chunks} chunks: ${JSON.stringify(streamed)}, finish ${finishReason}`);
  check(streamed === plainText, `streamed text ${JSON.stringify(streamed)} differs from the plain reply ${JSON.stringify(plainText)}, ${how}`);
  check(chunks > 2, `expected several chunks, got ${chunks}`);
  check(finishReason === plain.choices[0].finish_reason, `stream finish_reason ${finishReason}`);
  check(streamUsage?.completion_tokens === plain.usage.completion_tokens, `stream usage ${JSON.stringify(streamUsage)}`);
}
await plainAndStreamed(request, 'at temperature 0');
await plainAndStreamed({ ...request, temperature: 1, seed: 7 }, 'sampled with seed 7');

const legacy = await client.completions.create({ model, prompt: 'see you', max_tokens: 8, temperature: 0 });
check(legacy.object === 'text_completion' && typeof legacy.choices[0].text === 'string', `legacy completion ${JSON.stringify(legacy)}`);
console.log(`   /v1/completions: ${JSON.stringify(legacy.choices[0].text)}`);

// 6. Errors arrive as the client's typed errors, with OpenAI's fields.
step('error cases');
await expectError('a wrong API key', OpenAI.AuthenticationError, 401,
  () => new OpenAI({ baseURL: env('OPENAI_BASE_URL'), apiKey: 'sk-doppel-not-a-key', maxRetries: 0 }).models.list());
await expectError("another tenant's model", OpenAI.NotFoundError, 404,
  () => otherTenant.chat.completions.create({ ...request }));
await expectError("another tenant's job", OpenAI.NotFoundError, 404, () => otherTenant.fineTuning.jobs.retrieve(job.id));
await expectError("another tenant's file", OpenAI.NotFoundError, 404, () => otherTenant.files.retrieve(file.id));
await expectError('an unknown job', OpenAI.NotFoundError, 404, () => client.fineTuning.jobs.retrieve('ftjob-doesnotexist'));
const tooLong = await expectError('max_tokens beyond the bound', OpenAI.BadRequestError, 400,
  () => client.chat.completions.create({ ...request, max_tokens: 1_000_000 }));
check(tooLong.param === 'max_tokens', `param ${tooLong.param}`);
const badFile = await expectError('a job on a missing file', OpenAI.BadRequestError, 400,
  () => client.fineTuning.jobs.create({ model: job.model, training_file: 'file-doesnotexist' }));
check(badFile.param === 'training_file', `param ${badFile.param}`);
await expectError('cancelling a finished job', OpenAI.BadRequestError, 400, () => client.fineTuning.jobs.cancel(job.id));

console.log('OK: the openai npm client ran the fine-tuning workflow');
