; seccomp BPF filter: 32 instructions, target s390x (big-endian)
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
  1: jeq #0x80000016, 14, 2         ; arch s390x
  2: jeq #22, 3, 21                 ; arch s390
  3: ld [0]                         ; A = nr
  4: jge #249, 30, 5                ; nr >= 249 (epoll_create)
  5: jge #121, 13, 6                ; nr >= 121 (setdomainname)
  6: jge #38, 10, 7                 ; nr >= 38 (rename)
  7: jge #5, 9, 8                   ; nr >= 5 (open)
  8: jge #3, 31, 30                 ; nr >= 3 (read)
  9: jge #37, 21, 30                ; nr >= 37 (kill)
 10: jge #90, 11, 30                ; nr >= 90 (mmap)
 11: jge #91, 12, 30                ; nr >= 91 (munmap)
 12: jge #120, 27, 30               ; nr >= 120 (clone)
 13: jge #248, 31, 30               ; nr >= 248 (exit_group)
 14: ld [0]                         ; A = nr
 15: jge #249, 30, 16               ; nr >= 249 (epoll_create)
 16: jge #121, 29, 17               ; nr >= 121 (setdomainname)
 17: jge #38, 22, 18                ; nr >= 38 (rename)
 18: jge #5, 20, 19                 ; nr >= 5 (open)
 19: jge #3, 31, 30                 ; nr >= 3 (read)
 20: jge #37, 21, 30                ; nr >= 37 (kill)
 21: ret #0x80000000                ; KILL_PROCESS
 22: jge #90, 23, 30                ; nr >= 90 (mmap)
 23: jge #91, 26, 24                ; nr >= 91 (munmap)
 24: ld [32]                        ; A = args[2].hi
 25: jge #1, 30, 31                 ; args[2].hi
 26: jge #120, 27, 30               ; nr >= 120 (clone)
 27: ld [28]                        ; A = args[1].lo
 28: jset #0x7e020000, 30, 31       ; args[1].lo
 29: jge #248, 31, 30               ; nr >= 248 (exit_group)
 30: ret #0x50026                   ; ERRNO(38)
 31: ret #0x7fff0000                ; ALLOW
