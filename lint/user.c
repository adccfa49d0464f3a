/*
 * user.c: the name of a user id (user.h).
 */
#include <sys/types.h>

#include <pwd.h>

#include "user.h"

const char *
jl_user_name(uint32_t uid, char *buf, size_t len)
{
	struct passwd	pw, *res = NULL;

	if (getpwuid_r((uid_t)uid, &pw, buf, len, &res) != 0 || res == NULL ||
	    res->pw_name == NULL)
		return NULL;
	return res->pw_name;
}
