# A C project built with make and gcc: several files, a static library, threads.
. "${0%/*}/../lib.sh"
need gcc make ar
mkdir -p src
cat > src/greet.h <<'C'
int add(int a, int b);
C
cat > src/greet.c <<'C'
#include "greet.h"
int add(int a, int b) { return a + b; }
C
cat > src/main.c <<'C'
#include <pthread.h>
#include <stdio.h>
#include "greet.h"
static int results[4];
static void *work(void *arg) { int i = *(int *)arg; results[i] = add(i, 10); return NULL; }
int main(void)
{
	pthread_t t[4]; int ids[4];
	for (int i = 0; i < 4; i++) { ids[i] = i; pthread_create(&t[i], NULL, work, &ids[i]); }
	for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
	printf("%d\n", results[0] + results[1] + results[2] + results[3]);
	return 0;
}
C
cat > Makefile <<'MK'
CFLAGS = -O2 -Wall -Werror -pthread
prog: src/main.o libgreet.a
	$(CC) $(CFLAGS) -o $@ src/main.o -L. -lgreet
libgreet.a: src/greet.o
	$(AR) rcs $@ $^
src/%.o: src/%.c src/greet.h
	$(CC) $(CFLAGS) -c -o $@ $<
clean:
	rm -f prog libgreet.a src/*.o
MK
run make -j2
expect "the program's output" "46" "$(./prog)"
expect "make again" "make: 'prog' is up to date." "$(make 2>&1)"
run make clean
run make -j2 CC=gcc
expect "after make clean" "46" "$(./prog)"
if command -v g++ >/dev/null; then
	printf '#include <iostream>\n#include <thread>\nint main(){int r=0; std::thread t([&]{r=42;}); t.join(); std::cout<<r<<"\\n";}\n' > t.cc
	run g++ -O2 -pthread -o tcc t.cc
	expect "a C++ program with std::thread" "42" "$(./tcc)"
fi
pass "make -j2 with gcc: objects, a static library, pthreads, rebuild; g++ when installed"
