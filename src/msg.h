/* SPDX-License-Identifier: GPL-2.0 */
/* Messages to the administrator, from the verbs and from the library code
 * that knows best what went wrong (which step, which file). */
#ifndef MSG_H
#define MSG_H

/* "lockdownctl: <message>" on stderr. */
void errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
