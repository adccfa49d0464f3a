/*
 * t_lua.c: build/jlint.so in a Lua host without slurmctld.  The module
 * takes the slurm_* symbols and slurm_conf from the process it is loaded
 * into (slurmctld); a plain lua5.1 interpreter cannot load it.  This host
 * links liblua, exports what slurmctld exports (-rdynamic: slurm_info,
 * slurm_error, slurm_xfree, slurm_get_extra_conf_path, slurm_conf), puts
 * the module's directory in package.cpath and runs a Lua test script with these globals:
 *
 *   t_dir            the scratch directory (argument 3)
 *   t_log()          everything the module logged so far
 *   t_conf_update()  bump slurm_conf.last_update (a reconfigure)
 *
 *   t_lua MODULE.so TEST.lua SCRATCH-DIR
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>

#include <slurm/slurm.h>

#include "hold.h"	/* declares what slurmctld exports */

slurm_conf_t	 slurm_conf;
static char	*logbuf;
static size_t	 loglen;
static char	 confdir[4096];

void
slurm_xfree(void **p)
{
	free(*p);
	*p = NULL;
}

static void
logv(const char *level, const char *fmt, va_list ap)
{
	char	line[8192];
	int	n;

	n = snprintf(line, sizeof(line), "%s: ", level);
	vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	if (getenv("T_LUA_VERBOSE") != NULL)
		fprintf(stderr, "%s\n", line);
	if ((logbuf = realloc(logbuf, loglen + strlen(line) + 2)) == NULL)
		abort();
	memcpy(logbuf + loglen, line, strlen(line));
	loglen += strlen(line);
	logbuf[loglen++] = '\n';
	logbuf[loglen] = '\0';
}

void
slurm_info(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	logv("info", fmt, ap);
	va_end(ap);
}

void
slurm_verbose(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	logv("verbose", fmt, ap);
	va_end(ap);
}

void
slurm_error(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	logv("error", fmt, ap);
	va_end(ap);
}

char *
slurm_get_extra_conf_path(const char *name)
{
	char	*p;

	if ((p = malloc(strlen(confdir) + strlen(name) + 2)) == NULL)
		abort();
	sprintf(p, "%s/%s", confdir, name);
	return p;
}

static int
t_log(lua_State *L)
{
	lua_pushstring(L, logbuf != NULL ? logbuf : "");
	return 1;
}

static int
t_conf_update(lua_State *L)
{
	(void)L;
	slurm_conf.last_update++;
	return 0;
}

int
main(int argc, char **argv)
{
	lua_State	*L;
	char		 dir[4096], *slash;
	int		 rc;

	if (argc != 4) {
		fprintf(stderr, "usage: t_lua MODULE.so TEST.lua SCRATCH-DIR\n");
		return 2;
	}
	snprintf(confdir, sizeof(confdir), "%s", argv[3]);
	slurm_conf.slurm_user_id = 64030;	/* SlurmUser: not checked */
	slurm_conf.last_update = time(NULL);
	snprintf(dir, sizeof(dir), "%s", argv[1]);
	if ((slash = strrchr(dir, '/')) != NULL)
		*slash = '\0';
	else
		snprintf(dir, sizeof(dir), ".");
	if ((L = luaL_newstate()) == NULL)
		return 2;
	luaL_openlibs(L);
	lua_getglobal(L, "package");
	lua_pushfstring(L, "%s/?.so", dir);
	lua_setfield(L, -2, "cpath");
	lua_pop(L, 1);
	lua_pushstring(L, argv[3]);
	lua_setglobal(L, "t_dir");
	lua_register(L, "t_log", t_log);
	lua_register(L, "t_conf_update", t_conf_update);
	if ((rc = luaL_dofile(L, argv[2])) != 0)
		fprintf(stderr, "t_lua: %s\n", lua_tostring(L, -1));
	lua_close(L);
	free(logbuf);
	return rc != 0 ? 1 : 0;
}
