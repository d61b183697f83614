// SPDX-License-Identifier: GPL-2.0
/* guarded.c, the one table of the BPF side's guarded and pinned objects:
 * that it names every map of the skeleton, fits struct lockdown_guard
 * and pins each object once, under a name of the ABI. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "guarded.h"
#include "pins.h"
#include "lockdown.skel.h"

#define SKEL_MAPS \
	(sizeof(((struct lockdown_bpf *)0)->maps) / sizeof(struct bpf_map *))

/* No map of ours outside the guard: each has exactly one entry. */
static void test_every_map(void **state)
{
	size_t maps = 0;

	(void)state;
	for (size_t m = 0; m < SKEL_MAPS; m++) {
		size_t off = offsetof(struct lockdown_bpf, maps) +
			     m * sizeof(struct bpf_map *),
		       found = 0;

		for (size_t i = 0; i < n_guarded_objects; i++)
			found += !guarded_objects[i].prog &&
				 guarded_objects[i].skel == off;
		if (found != 1)
			fail_msg(
				"map %zu of struct lockdown_bpf has %zu entries in guarded_objects",
				m, found);
	}
	for (size_t i = 0; i < n_guarded_objects; i++)
		maps += !guarded_objects[i].prog;
	assert_int_equal(maps, SKEL_MAPS);
}

/* Each class fits struct lockdown_guard; the single ones are filled. */
static void test_fits_guard(void **state)
{
	(void)state;
	for (int c = 0; c < GUARD_CLASSES; c++) {
		size_t n = 0;

		for (size_t i = 0; i < n_guarded_objects; i++)
			n += guarded_objects[i].guard == (enum guard_class)c;
		assert_true(n <= guarded_capacity(c));
		if (guarded_capacity(c) == 1)
			assert_int_equal(n, 1);
	}
	assert_int_equal(guarded_capacity(GUARD_HIDDEN),
			 LOCKDOWN_GUARD_HIDDEN_MAPS);
	assert_int_equal(guarded_capacity(GUARD_READONLY),
			 LOCKDOWN_GUARD_READONLY_MAPS);
	assert_int_equal(guarded_capacity(GUARD_CLASSES), 0);
}

/* Programs are handed out and so pinned, hidden maps are not; each pin
 * has its own name and its own fd in struct pins. */
static void test_pins(void **state)
{
	const char *abi[] = { LOCKDOWN_PIN_RAISE, LOCKDOWN_PIN_POLICY,
			      LOCKDOWN_PIN_COUNTERS, LOCKDOWN_PIN_EVENT_STATS,
			      LOCKDOWN_PIN_EVENTS };
	size_t pinned = 0;

	(void)state;
	for (size_t i = 0; i < n_guarded_objects; i++) {
		const struct guarded_object *o = &guarded_objects[i];

		assert_int_equal(o->pin == NULL, o->guard == GUARD_HIDDEN);
		if (!o->pin)
			continue;
		pinned++;
		assert_true(o->pins_fd + sizeof(int) <=
			    offsetof(struct pins, gen));
		for (size_t j = 0; j < i; j++) {
			if (!guarded_objects[j].pin)
				continue;
			assert_string_not_equal(o->pin, guarded_objects[j].pin);
			assert_int_not_equal(o->pins_fd,
					     guarded_objects[j].pins_fd);
		}
	}
	assert_int_equal(pinned, sizeof(abi) / sizeof(abi[0]));
	for (size_t a = 0; a < sizeof(abi) / sizeof(abi[0]); a++) {
		size_t found = 0;

		for (size_t i = 0; i < n_guarded_objects; i++)
			found += guarded_objects[i].pin &&
				 !strcmp(guarded_objects[i].pin, abi[a]);
		assert_int_equal(found, 1);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_map),
		cmocka_unit_test(test_fits_guard),
		cmocka_unit_test(test_pins),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
