; seccomp BPF filter: 23 instructions, target aarch64 (little-endian)
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
  1: jeq #0xc00000b7, 2, 21         ; arch aarch64
  2: ld [0]                         ; A = nr
  3: jge #95, 21, 4                 ; nr >= 95 (waitid)
  4: jge #56, 11, 5                 ; nr >= 56 (openat)
  5: jeq #29, 6, 21                 ; ioctl
  6: ld [16]                        ; A = args[0].lo
  7: jge #3, 8, 21                  ; args[0].lo
  8: ld [24]                        ; A = args[1].lo
  9: jeq #0x5401, 21, 10            ; args[1].lo
 10: ret #0x50019                   ; ERRNO(25)
 11: jge #65, 14, 12                ; nr >= 65 (readv)
 12: jge #58, 13, 22                ; nr >= 58 (vhangup)
 13: jge #63, 22, 21                ; nr >= 63 (read)
 14: jge #92, 15, 21                ; nr >= 92 (personality)
 15: jge #93, 20, 16                ; nr >= 93 (exit)
 16: ld [16]                        ; A = args[0].lo
 17: jeq #0, 22, 18                 ; args[0].lo
 18: jeq #8, 22, 19                 ; args[0].lo
 19: jeq #0xffffffff, 22, 21        ; args[0].lo
 20: jge #94, 22, 21                ; nr >= 94 (exit_group)
 21: ret #0x80000000                ; KILL_PROCESS
 22: ret #0x7fff0000                ; ALLOW
