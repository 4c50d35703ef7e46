# Node.js (SKIP when it is not installed): worker threads, child processes,
# an HTTP server and client, fs.watch, crypto, zlib, WebAssembly.
. "${0%/*}/../lib.sh"
need node
cat > agent.js <<'JS'
const assert = require('assert');
const { Worker } = require('worker_threads');
const cp = require('child_process');
const http = require('http');
const fs = require('fs');
const crypto = require('crypto');
const zlib = require('zlib');
const dns = require('dns');
async function main() {
	const fromWorker = await new Promise((resolve, reject) => {
		const w = new Worker('const { parentPort } = require("worker_threads"); parentPort.postMessage(6 * 7);', { eval: true });
		w.on('message', resolve); w.on('error', reject);
	});
	assert.strictEqual(fromWorker, 42);
	assert.strictEqual(cp.execSync('echo hi | tr a-z A-Z').toString(), 'HI\n');
	const child = cp.spawnSync('sh', ['-c', 'cat; exit 3'], { input: 'piped' });
	assert.strictEqual(child.stdout.toString(), 'piped'); assert.strictEqual(child.status, 3);
	const server = http.createServer((req, res) => res.end('node ' + req.url));
	await new Promise(r => server.listen(0, '127.0.0.1', r));
	const body = await new Promise((resolve, reject) => {
		http.get({ host: '127.0.0.1', port: server.address().port, path: '/x' }, res => {
			let b = ''; res.on('data', d => b += d); res.on('end', () => resolve(b));
		}).on('error', reject);
	});
	assert.strictEqual(body, 'node /x'); server.close();
	const seen = new Promise(resolve => {
		const watcher = fs.watch('.', (ev, name) => { if (name === 'w.txt') { watcher.close(); resolve(); } });
	});
	fs.writeFileSync('w.txt', 'x'); await seen;
	assert.strictEqual(crypto.createHash('sha256').update('a').digest('hex').length, 64);
	assert.strictEqual(crypto.randomBytes(16).length, 16);
	assert.strictEqual(zlib.gunzipSync(zlib.gzipSync('zip')).toString(), 'zip');
	const addr = await dns.promises.lookup('localhost');
	assert.ok(['127.0.0.1', '::1'].includes(addr.address), addr.address);
	// (module (func (export "f") (result i32) i32.const 42))
	const wasm = Uint8Array.from([0,97,115,109,1,0,0,0,1,5,1,96,0,1,127,3,2,1,0,7,5,1,1,102,0,0,10,6,1,4,0,65,42,11]);
	const { instance } = await WebAssembly.instantiate(wasm);
	assert.strictEqual(instance.exports.f(), 42);
	await new Promise(r => setTimeout(r, 1));
}
main().then(() => console.log('ok'), e => { console.error(e); process.exit(1); });
JS
run node agent.js
expect "node's result" "ok" "$(tail -n 1 run.log)"
pass "node $(node --version): worker_threads, child_process, http, fs.watch, crypto, zlib, dns.lookup, WebAssembly"
