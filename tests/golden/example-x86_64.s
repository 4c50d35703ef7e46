; seccomp BPF filter: 17 instructions, target x86_64 (little-endian)
;
; How to read it: the kernel runs the filter from instruction 0 for every
; system call; it ends at a `ret`, whose value is the action taken.
; Each line: index, instruction, and after ';' what it means.
;   A, X            32-bit registers; M[0]..M[15] scratch memory
;   ld [N]          A = 32-bit word at byte N of struct seccomp_data:
;                   0 nr (syscall number), 4 arch (AUDIT_ARCH_*),
;                   8 instruction_pointer, 16+8*i args[i] (.lo/.hi = low/high half)
;   jeq #K, T, F    if A == K go to instruction T, else to F
;                   (jgt: A > K, jge: A >= K, jset: A & K != 0; all unsigned)
;   ja T            go to instruction T
;   and #K, add #K  A = A & K, A = A + K (also sub mul div or xor lsh rsh neg)
;   ret #K          stop; K is the action (ALLOW, ERRNO(n), KILL_PROCESS, ...)
;
  0: ld [4]                         ; A = arch
  1: jeq #0xc000003e, 2, 15         ; arch x86_64
  2: ld [0]                         ; A = nr
  3: jge #104, 13, 4                ; nr >= 104 (getgid)
  4: jge #56, 7, 5                  ; nr >= 56 (clone)
  5: jge #4, 16, 6                  ; nr >= 4 (stat)
  6: jge #2, 10, 16                 ; nr >= 2 (open)
  7: jge #57, 11, 8                 ; nr >= 57 (fork)
  8: ld [16]                        ; A = args[0].lo
  9: jset #0x7e020000, 16, 10       ; args[0].lo
 10: ret #0x7fff0000                ; ALLOW
 11: jge #103, 12, 16               ; nr >= 103 (syslog)
 12: ret #0x53039                   ; ERRNO(12345)
 13: jge #0x40000000, 14, 16        ; nr >= 0x40000000: x32 syscall numbers
 14: jge #0xffffffff, 16, 15
 15: ret #0x80000000                ; KILL_PROCESS
 16: ret #0x50001                   ; ERRNO(1)
