; seccomp BPF filter: 30 instructions, target s390x (big-endian)
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
  1: jeq #0x80000016, 13, 2         ; arch s390x
  2: jeq #22, 3, 19                 ; arch s390
  3: ld [0]                         ; A = nr
  4: jge #121, 12, 5                ; nr >= 121 (setdomainname)
  5: jge #38, 9, 6                  ; nr >= 38 (rename)
  6: jge #5, 8, 7                   ; nr >= 5 (open)
  7: jge #3, 29, 28                 ; nr >= 3 (read)
  8: jge #37, 19, 28                ; nr >= 37 (kill)
  9: jge #90, 10, 28                ; nr >= 90 (mmap)
 10: jeq #90, 28, 11                ; mmap
 11: jeq #120, 23, 28               ; clone
 12: jeq #248, 29, 28               ; exit_group
 13: ld [0]                         ; A = nr
 14: jge #121, 27, 15               ; nr >= 121 (setdomainname)
 15: jge #38, 20, 16                ; nr >= 38 (rename)
 16: jge #5, 18, 17                 ; nr >= 5 (open)
 17: jge #3, 29, 28                 ; nr >= 3 (read)
 18: jge #37, 19, 28                ; nr >= 37 (kill)
 19: ret #0x80000000                ; KILL_PROCESS
 20: jge #90, 21, 28                ; nr >= 90 (mmap)
 21: jeq #90, 25, 22                ; mmap
 22: jeq #120, 23, 28               ; clone
 23: ld [28]                        ; A = args[1].lo
 24: jset #0x7e020000, 28, 29       ; args[1].lo
 25: ld [32]                        ; A = args[2].hi
 26: jge #1, 28, 29                 ; args[2].hi
 27: jeq #248, 29, 28               ; exit_group
 28: ret #0x50026                   ; ERRNO(38)
 29: ret #0x7fff0000                ; ALLOW
