; seccomp BPF filter: 127 instructions, target x86_64 (little-endian)
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
  1: jeq #0xc000003e, 29, 2         ; arch x86_64
  2: jeq #0x40000003, 4, 3          ; arch x86
  3: ret #0x80000000                ; KILL_PROCESS
  4: ld [0]                         ; A = nr
  5: jge #55, 13, 6                 ; nr >= 55 (fcntl)
  6: jge #54, 108, 7                ; nr >= 54 (ioctl)
  7: jge #16, 12, 8                 ; nr >= 16 (lchown)
  8: jge #7, 11, 9                  ; nr >= 7 (waitpid)
  9: jge #3, 10, 122                ; nr >= 3 (read)
 10: jeq #5, 122, 125               ; open
 11: jge #15, 96, 122               ; nr >= 15 (chmod)
 12: jeq #37, 88, 122               ; kill
 13: jge #253, 28, 14               ; nr >= 253 (lookup_dcookie)
 14: jge #137, 27, 15               ; nr >= 137 (afs_syscall)
 15: jge #94, 21, 16                ; nr >= 94 (fchmod)
 16: jeq #90, 17, 122               ; mmap
 17: ld [24]                        ; A = args[1].lo
 18: jge #1, 19, 75                 ; args[1].lo
 19: ld [32]                        ; A = args[2].lo
 20: jset #4, 64, 60                ; args[2].lo
 21: jge #120, 23, 22               ; nr >= 120 (clone)
 22: jge #95, 122, 96               ; nr >= 95 (fchown)
 23: jge #136, 102, 24              ; nr >= 136 (personality)
 24: jge #126, 122, 25              ; nr >= 126 (sigprocmask)
 25: jge #121, 26, 73               ; nr >= 121 (setdomainname)
 26: jge #125, 75, 122              ; nr >= 125 (mprotect)
 27: jge #252, 125, 122             ; nr >= 252 (exit_group)
 28: jeq #359, 77, 122              ; socket
 29: ld [0]                         ; A = nr
 30: jge #41, 37, 31                ; nr >= 41 (socket)
 31: jge #10, 35, 32                ; nr >= 10 (mprotect)
 32: jge #9, 51, 33                 ; nr >= 9 (mmap)
 33: jge #4, 122, 34                ; nr >= 4 (stat)
 34: jeq #2, 122, 125               ; open
 35: jeq #16, 108, 36               ; ioctl
 36: jeq #10, 75, 122               ; mprotect
 37: jge #0x4000000a, 67, 38        ; nr >= 1073741834 (mprotect)
 38: jge #0x40000009, 51, 39        ; nr >= 1073741833 (mmap)
 39: jge #136, 47, 40               ; nr >= 136 (ustat)
 40: jge #63, 44, 41                ; nr >= 63 (uname)
 41: jeq #62, 88, 42                ; kill
 42: jeq #41, 77, 43                ; socket
 43: jeq #56, 73, 122               ; clone
 44: jge #92, 46, 45                ; nr >= 92 (chown)
 45: jge #90, 96, 122               ; nr >= 90 (chmod)
 46: jge #135, 102, 122             ; nr >= 135 (personality)
 47: jge #0x40000000, 49, 48        ; nr >= 0x40000000: x32 syscall numbers
 48: jeq #231, 125, 122             ; exit_group
 49: jge #0x40000004, 122, 50       ; nr >= 1073741828 (stat)
 50: jeq #0x40000002, 122, 125      ; open
 51: ld [28]                        ; A = args[1].hi
 52: jeq #1, 54, 53                 ; args[1].hi
 53: jge #2, 56, 75                 ; args[1].hi
 54: ld [24]                        ; A = args[1].lo
 55: jge #1, 56, 75                 ; args[1].lo
 56: ld [32]                        ; A = args[2].lo
 57: jset #4, 62, 58                ; args[2].lo
 58: ld [44]                        ; A = args[3].hi
 59: jge #1, 125, 60                ; args[3].hi
 60: ld [40]                        ; A = args[3].lo
 61: jeq #34, 66, 125               ; args[3].lo
 62: ld [44]                        ; A = args[3].hi
 63: jge #1, 122, 64                ; args[3].hi
 64: ld [40]                        ; A = args[3].lo
 65: jeq #34, 66, 122               ; args[3].lo
 66: ret #0x7ffc0000                ; LOG
 67: jge #0x40000202, 107, 68       ; nr >= 1073742338 (ioctl)
 68: jge #0x4000005c, 100, 69       ; nr >= 1073741916 (chown)
 69: jge #0x4000003e, 87, 70        ; nr >= 1073741886 (kill)
 70: jeq #0x40000029, 77, 71        ; socket
 71: jeq #0x4000000a, 75, 72        ; mprotect
 72: jeq #0x40000038, 73, 122       ; clone
 73: ld [16]                        ; A = args[0].lo
 74: jset #0x7e020000, 122, 125     ; args[0].lo
 75: ld [32]                        ; A = args[2].lo
 76: jset #4, 122, 125              ; args[2].lo
 77: ld [16]                        ; A = args[0].lo
 78: jge #11, 82, 79                ; args[0].lo
 79: jge #1, 80, 81                 ; args[0].lo
 80: jgt #2, 81, 125                ; args[0].lo
 81: jeq #10, 125, 122              ; args[0].lo
 82: jeq #16, 85, 83                ; args[0].lo
 83: jge #40, 84, 122               ; args[0].lo
 84: ret #0x50061                   ; ERRNO(97)
 85: ld [32]                        ; A = args[2].lo
 86: jeq #9, 122, 125               ; args[2].lo
 87: jge #0x4000003f, 95, 88        ; nr >= 1073741887 (uname)
 88: ld [16]                        ; A = args[0].lo
 89: jge #2, 92, 90                 ; args[0].lo
 90: ld [24]                        ; A = args[1].lo
 91: jge #1, 122, 125               ; args[1].lo
 92: ld [24]                        ; A = args[1].lo
 93: jeq #0, 125, 94                ; args[1].lo
 94: jeq #15, 125, 122              ; args[1].lo
 95: jge #0x4000005a, 96, 122       ; nr >= 1073741914 (chmod)
 96: ld [24]                        ; A = args[1].lo
 97: and #0xffff
 98: jge #449, 99, 125
 99: jset #2048, 122, 125
100: jeq #0x40000087, 102, 101      ; personality
101: jeq #0x400000e7, 125, 122      ; exit_group
102: ld [16]                        ; A = args[0].lo
103: jeq #0, 125, 104               ; args[0].lo
104: jeq #8, 125, 105               ; args[0].lo
105: jeq #0x20000, 125, 106         ; args[0].lo
106: jeq #0xffffffff, 125, 122      ; args[0].lo
107: jge #0x40000203, 122, 108      ; nr >= 1073742339 (readv)
108: ld [16]                        ; A = args[0].lo
109: jge #3, 115, 110               ; args[0].lo
110: ld [24]                        ; A = args[1].lo
111: jge #0x5401, 112, 113          ; args[1].lo
112: jgt #0x5402, 113, 125          ; args[1].lo
113: jeq #0x5413, 125, 114          ; args[1].lo
114: jeq #0x8912, 125, 122          ; args[1].lo
115: ld [24]                        ; A = args[1].lo
116: jge #0x5401, 117, 118          ; args[1].lo
117: jgt #0x5402, 118, 123          ; args[1].lo
118: jeq #0x5413, 123, 119          ; args[1].lo
119: jeq #0x8912, 123, 120          ; args[1].lo
120: and #0xff00
121: jeq #0x5400, 126, 122
122: ret #0x50001                   ; ERRNO(1)
123: and #0xff00
124: jeq #0x5400, 126, 125
125: ret #0x7fff0000                ; ALLOW
126: ret #0x30000                   ; TRAP
