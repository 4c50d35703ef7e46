; seccomp BPF filter: 29 instructions, target aarch64 (little-endian)
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
  1: jeq #0xc00000b7, 2, 27         ; arch aarch64
  2: ld [0]                         ; A = nr
  3: jge #95, 27, 4                 ; nr >= 95 (waitid)
  4: jge #56, 15, 5                 ; nr >= 56 (openat)
  5: jeq #29, 6, 27                 ; ioctl
  6: ld [20]                        ; A = args[0].hi
  7: jge #1, 10, 8                  ; args[0].hi
  8: ld [16]                        ; A = args[0].lo
  9: jge #3, 10, 27                 ; args[0].lo
 10: ld [28]                        ; A = args[1].hi
 11: jge #1, 14, 12                 ; args[1].hi
 12: ld [24]                        ; A = args[1].lo
 13: jeq #0x5401, 27, 14            ; args[1].lo
 14: ret #0x50019                   ; ERRNO(25)
 15: jge #65, 18, 16                ; nr >= 65 (readv)
 16: jge #58, 17, 28                ; nr >= 58 (vhangup)
 17: jge #63, 28, 27                ; nr >= 63 (read)
 18: jge #92, 19, 27                ; nr >= 92 (personality)
 19: jge #93, 26, 20                ; nr >= 93 (exit)
 20: ld [20]                        ; A = args[0].hi
 21: jge #1, 27, 22                 ; args[0].hi
 22: ld [16]                        ; A = args[0].lo
 23: jeq #0, 28, 24                 ; args[0].lo
 24: jeq #8, 28, 25                 ; args[0].lo
 25: jeq #0xffffffff, 28, 27        ; args[0].lo
 26: jge #94, 28, 27                ; nr >= 94 (exit_group)
 27: ret #0x80000000                ; KILL_PROCESS
 28: ret #0x7fff0000                ; ALLOW
