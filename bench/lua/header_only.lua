-- GET the URL given to wrk, unchanged, with the bearer token: ticket lists and searches.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "common.lua")
