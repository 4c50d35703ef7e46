; seccomp BPF filter: 128 instructions, target x86_64 (little-endian)
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
  5: jge #137, 27, 6                ; nr >= 137 (afs_syscall)
  6: jge #55, 14, 7                 ; nr >= 55 (fcntl)
  7: jge #54, 109, 8                ; nr >= 54 (ioctl)
  8: jge #16, 13, 9                 ; nr >= 16 (lchown)
  9: jge #7, 12, 10                 ; nr >= 7 (waitpid)
 10: jge #3, 11, 123                ; nr >= 3 (read)
 11: jeq #5, 123, 126               ; open
 12: jge #15, 96, 123               ; nr >= 15 (chmod)
 13: jeq #37, 87, 123               ; kill
 14: jge #95, 22, 15                ; nr >= 95 (fchown)
 15: jge #90, 16, 123               ; nr >= 90 (mmap)
 16: jeq #90, 18, 17                ; mmap
 17: jeq #94, 96, 123               ; fchmod
 18: ld [24]                        ; A = args[1].lo
 19: jge #1, 20, 75                 ; args[1].lo
 20: ld [32]                        ; A = args[2].lo
 21: jset #4, 64, 60                ; args[2].lo
 22: jge #120, 23, 123              ; nr >= 120 (clone)
 23: jge #126, 26, 24               ; nr >= 126 (sigprocmask)
 24: jge #121, 25, 73               ; nr >= 121 (setdomainname)
 25: jge #125, 75, 123              ; nr >= 125 (mprotect)
 26: jge #136, 101, 123             ; nr >= 136 (personality)
 27: jeq #359, 77, 28               ; socket
 28: jeq #252, 126, 123             ; exit_group
 29: ld [0]                         ; A = nr
 30: jge #0x40000009, 50, 31        ; nr >= 1073741833 (mmap)
 31: jge #10, 35, 32                ; nr >= 10 (mprotect)
 32: jge #9, 51, 33                 ; nr >= 9 (mmap)
 33: jge #4, 123, 34                ; nr >= 4 (stat)
 34: jeq #2, 123, 126               ; open
 35: jge #17, 38, 36                ; nr >= 17 (pread64)
 36: jge #16, 109, 37               ; nr >= 16 (ioctl)
 37: jge #11, 123, 75               ; nr >= 11 (munmap)
 38: jge #136, 46, 39               ; nr >= 136 (ustat)
 39: jge #63, 43, 40                ; nr >= 63 (uname)
 40: jeq #62, 87, 41                ; kill
 41: jeq #41, 77, 42                ; socket
 42: jeq #56, 73, 123               ; clone
 43: jge #92, 45, 44                ; nr >= 92 (chown)
 44: jge #90, 96, 123               ; nr >= 90 (chmod)
 45: jge #135, 101, 123             ; nr >= 135 (personality)
 46: jge #0x40000000, 48, 47        ; nr >= 0x40000000: x32 syscall numbers
 47: jeq #231, 126, 123             ; exit_group
 48: jge #0x40000004, 123, 49       ; nr >= 1073741828 (stat)
 49: jeq #0x40000002, 123, 126      ; open
 50: jge #0x4000000a, 67, 51        ; nr >= 1073741834 (mprotect)
 51: ld [28]                        ; A = args[1].hi
 52: jeq #1, 54, 53                 ; args[1].hi
 53: jge #2, 56, 75                 ; args[1].hi
 54: ld [24]                        ; A = args[1].lo
 55: jge #1, 56, 75                 ; args[1].lo
 56: ld [32]                        ; A = args[2].lo
 57: jset #4, 62, 58                ; args[2].lo
 58: ld [44]                        ; A = args[3].hi
 59: jge #1, 126, 60                ; args[3].hi
 60: ld [40]                        ; A = args[3].lo
 61: jeq #34, 66, 126               ; args[3].lo
 62: ld [44]                        ; A = args[3].hi
 63: jge #1, 123, 64                ; args[3].hi
 64: ld [40]                        ; A = args[3].lo
 65: jeq #34, 66, 123               ; args[3].lo
 66: ret #0x7ffc0000                ; LOG
 67: jge #0x40000202, 108, 68       ; nr >= 1073742338 (ioctl)
 68: jge #0x4000005a, 94, 69        ; nr >= 1073741914 (chmod)
 69: jeq #0x4000003e, 87, 70        ; kill
 70: jeq #0x40000029, 77, 71        ; socket
 71: jeq #0x4000000a, 75, 72        ; mprotect
 72: jeq #0x40000038, 73, 123       ; clone
 73: ld [16]                        ; A = args[0].lo
 74: jset #0x7e020000, 123, 126     ; args[0].lo
 75: ld [32]                        ; A = args[2].lo
 76: jset #4, 123, 126              ; args[2].lo
 77: ld [16]                        ; A = args[0].lo
 78: jge #11, 82, 79                ; args[0].lo
 79: jge #1, 80, 81                 ; args[0].lo
 80: jgt #2, 81, 126                ; args[0].lo
 81: jeq #10, 126, 123              ; args[0].lo
 82: jeq #16, 85, 83                ; args[0].lo
 83: jge #40, 84, 123               ; args[0].lo
 84: ret #0x50061                   ; ERRNO(97)
 85: ld [32]                        ; A = args[2].lo
 86: jeq #9, 123, 126               ; args[2].lo
 87: ld [16]                        ; A = args[0].lo
 88: jge #2, 91, 89                 ; args[0].lo
 89: ld [24]                        ; A = args[1].lo
 90: jge #1, 123, 126               ; args[1].lo
 91: ld [24]                        ; A = args[1].lo
 92: jeq #0, 126, 93                ; args[1].lo
 93: jeq #15, 126, 123              ; args[1].lo
 94: jge #0x40000088, 107, 95       ; nr >= 1073741960 (ustat)
 95: jge #0x4000005c, 100, 96       ; nr >= 1073741916 (chown)
 96: ld [24]                        ; A = args[1].lo
 97: and #0xffff
 98: jge #449, 99, 126
 99: jset #2048, 123, 126
100: jge #0x40000087, 101, 123      ; nr >= 1073741959 (personality)
101: ld [16]                        ; A = args[0].lo
102: jge #9, 105, 103               ; args[0].lo
103: jeq #0, 126, 104               ; args[0].lo
104: jeq #8, 126, 123               ; args[0].lo
105: jeq #0x20000, 126, 106         ; args[0].lo
106: jeq #0xffffffff, 126, 123      ; args[0].lo
107: jeq #0x400000e7, 126, 123      ; exit_group
108: jge #0x40000203, 123, 109      ; nr >= 1073742339 (readv)
109: ld [16]                        ; A = args[0].lo
110: jge #3, 116, 111               ; args[0].lo
111: ld [24]                        ; A = args[1].lo
112: jge #0x5403, 114, 113          ; args[1].lo
113: jge #0x5401, 126, 123          ; args[1].lo
114: jeq #0x5413, 126, 115          ; args[1].lo
115: jeq #0x8912, 126, 123          ; args[1].lo
116: ld [24]                        ; A = args[1].lo
117: jge #0x5403, 119, 118          ; args[1].lo
118: jge #0x5401, 124, 121          ; args[1].lo
119: jeq #0x5413, 124, 120          ; args[1].lo
120: jeq #0x8912, 124, 121          ; args[1].lo
121: and #0xff00
122: jeq #0x5400, 127, 123
123: ret #0x50001                   ; ERRNO(1)
124: and #0xff00
125: jeq #0x5400, 127, 126
126: ret #0x7fff0000                ; ALLOW
127: ret #0x30000                   ; TRAP
