# Python asyncio: tasks, a TCP server and client, subprocesses, executors, signal handlers.
. "${0%/*}/../lib.sh"
need python3
run python3 - <<'PY'
import asyncio, os, signal
async def echo(reader, writer):
    writer.write((await reader.readline()).upper())
    await writer.drain()
    writer.close()
async def main():
    server = await asyncio.start_server(echo, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async def client(i):
        r, w = await asyncio.open_connection("127.0.0.1", port)
        w.write(b"ping %d\n" % i)
        await w.drain()
        line = await r.readline()
        w.close()
        return line
    lines = await asyncio.gather(*(client(i) for i in range(20)))
    assert lines == [b"PING %d\n" % i for i in range(20)], lines
    server.close()
    await server.wait_closed()
    proc = await asyncio.create_subprocess_exec("sh", "-c", "echo out; echo err >&2",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await proc.communicate()
    assert (out, err, proc.returncode) == (b"out\n", b"err\n", 0)
    loop = asyncio.get_running_loop()
    assert await loop.run_in_executor(None, sum, range(10)) == 45
    got = loop.create_future()
    loop.add_signal_handler(signal.SIGUSR1, got.set_result, "usr1")
    os.kill(os.getpid(), signal.SIGUSR1)
    assert await asyncio.wait_for(got, 60) == "usr1"
asyncio.run(main())
PY
pass "gather, start_server/open_connection, create_subprocess_exec, run_in_executor, add_signal_handler"
