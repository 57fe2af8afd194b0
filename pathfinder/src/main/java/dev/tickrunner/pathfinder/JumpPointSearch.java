package dev.tickrunner.pathfinder;

import static dev.tickrunner.pathfinder.WorldCoords.isBorder;
import static dev.tickrunner.pathfinder.WorldCoords.isNearBorder;
import static dev.tickrunner.pathfinder.WorldCoords.range;
import static dev.tickrunner.pathfinder.WorldCoords.rem50;

/**
 * Node expansion: the plain A* step used for the origin, and jump point search (with the native's room-border rules)
 * for every other node. Every {@link #look} here may load a room, so the order of looks is part of the contract:
 * it decides callback order and what {@code maxRooms} cuts off. Positions are uint32 world coordinates in
 * {@code int}s; a jump result is packed in a {@code long} ({@code yy << 32 | xx}), where 0 is the native's null
 * position.
 *
 * <p>Mirrors: driver native/src/pf.cc path_finder_t::astar, jps, jump_neighbor, jump, jump_x, jump_y, jump_xy.
 */
abstract class JumpPointSearch extends RoomTable {
    private static final long NULL_POS = 0L;
    /** Directions in native order: TOP, TOP_RIGHT, RIGHT, BOTTOM_RIGHT, BOTTOM, BOTTOM_LEFT, LEFT, TOP_LEFT. */
    private static final int[] DIR_X = {0, 1, 1, 1, 0, -1, -1, -1};
    private static final int[] DIR_Y = {-1, -1, 0, 1, 1, 1, 0, -1};

    JumpPointSearch(PathFinderTerrain terrain) {
        super(terrain);
    }

    /** @return the unweighted uint32 heuristic of a tile (0 = goal reached) */
    abstract int heuristic(int xx, int yy);

    /** Opens a node or lowers its priority. */
    abstract void pushNode(int parentIndex, int xx, int yy, int gCost);

    /** @return world column of the parent of a node index */
    abstract int parentX(int index);

    /** @return world row of the parent of a node index */
    abstract int parentY(int index);

    static long pack(int xx, int yy) {
        return (long) yy << 32 | (xx & 0xFFFFFFFFL);
    }

    /** Plain A* expansion of the origin: all 8 neighbours, minus the impossible moves of an exit tile. */
    final void astar(int index, int xx, int yy, int gCost) {
        int px = rem50(xx);
        int py = rem50(yy);
        for (int dir = 0; dir < 8; dir++) {
            int nx = xx + DIR_X[dir];
            int ny = yy + DIR_Y[dir];
            if (px == 0) {
                if ((rem50(nx) == 49 && yy != ny) || xx == nx) {
                    continue;
                }
            } else if (px == 49) {
                if ((rem50(nx) == 0 && yy != ny) || xx == nx) {
                    continue;
                }
            } else if (py == 0) {
                if ((rem50(ny) == 49 && xx != nx) || yy == ny) {
                    continue;
                }
            } else if (py == 49) {
                if ((rem50(ny) == 0 && xx != nx) || yy == ny) {
                    continue;
                }
            }
            int nCost = look(nx, ny);
            if (nCost != OBSTACLE) {
                pushNode(index, nx, ny, gCost + nCost);
            }
        }
    }

    private void pushIfPassable(int index, int nx, int ny, int gCost) {
        int nCost = look(nx, ny);
        if (nCost != OBSTACLE) {
            pushNode(index, nx, ny, gCost + nCost);
        }
    }

    /** Jump point expansion of a popped node in the direction it was reached from. */
    final void jps(int index, int xx, int yy, int gCost) {
        int parX = parentX(index);
        int parY = parentY(index);
        int dx = Integer.signum(Integer.compareUnsigned(xx, parX));
        int dy = Integer.signum(Integer.compareUnsigned(yy, parY));
        int rx = rem50(xx);
        int ry = rem50(yy);

        // On an exit tile only a few moves make sense.
        boolean special = false;
        if (rx == 0) {
            if (dx == -1) {
                pushIfPassable(index, xx - 1, yy, gCost);
                special = true;
            } else if (dx == 1) {
                pushIfPassable(index, xx + 1, yy - 1, gCost);
                pushIfPassable(index, xx + 1, yy, gCost);
                pushIfPassable(index, xx + 1, yy + 1, gCost);
                special = true;
            }
        } else if (rx == 49) {
            if (dx == 1) {
                pushIfPassable(index, xx + 1, yy, gCost);
                special = true;
            } else if (dx == -1) {
                pushIfPassable(index, xx - 1, yy - 1, gCost);
                pushIfPassable(index, xx - 1, yy, gCost);
                pushIfPassable(index, xx - 1, yy + 1, gCost);
                special = true;
            }
        } else if (ry == 0) {
            if (dy == -1) {
                pushIfPassable(index, xx, yy - 1, gCost);
                special = true;
            } else if (dy == 1) {
                pushIfPassable(index, xx - 1, yy + 1, gCost);
                pushIfPassable(index, xx, yy + 1, gCost);
                pushIfPassable(index, xx + 1, yy + 1, gCost);
                special = true;
            }
        } else if (ry == 49) {
            if (dy == 1) {
                pushIfPassable(index, xx, yy + 1, gCost);
                special = true;
            } else if (dy == -1) {
                pushIfPassable(index, xx - 1, yy - 1, gCost);
                pushIfPassable(index, xx, yy - 1, gCost);
                pushIfPassable(index, xx + 1, yy - 1, gCost);
                special = true;
            }
        }
        if (special) {
            return;
        }

        int borderDx = rx == 1 ? -1 : (rx == 48 ? 1 : 0);
        int borderDy = ry == 1 ? -1 : (ry == 48 ? 1 : 0);

        int cost = look(xx, yy);
        if (dx != 0) {
            int nCost = look(xx + dx, yy);
            if (nCost != OBSTACLE) {
                if (borderDy == 0) {
                    jumpNeighbor(xx, yy, index, xx + dx, yy, gCost, cost, nCost);
                } else {
                    pushNode(index, xx + dx, yy, gCost + nCost);
                }
            }
        }
        if (dy != 0) {
            int nCost = look(xx, yy + dy);
            if (nCost != OBSTACLE) {
                if (borderDx == 0) {
                    jumpNeighbor(xx, yy, index, xx, yy + dy, gCost, cost, nCost);
                } else {
                    pushNode(index, xx, yy + dy, gCost + nCost);
                }
            }
        }

        // Forced neighbours.
        if (dx != 0) {
            if (dy != 0) {
                int nCost = look(xx + dx, yy + dy);
                if (nCost != OBSTACLE) {
                    jumpNeighbor(xx, yy, index, xx + dx, yy + dy, gCost, cost, nCost);
                }
                if (look(xx - dx, yy) != cost) {
                    jumpNeighbor(xx, yy, index, xx - dx, yy + dy, gCost, cost, look(xx - dx, yy + dy));
                }
                if (look(xx, yy - dy) != cost) {
                    jumpNeighbor(xx, yy, index, xx + dx, yy - dy, gCost, cost, look(xx + dx, yy - dy));
                }
            } else {
                if (borderDy == 1 || look(xx, yy + 1) != cost) {
                    jumpNeighbor(xx, yy, index, xx + dx, yy + 1, gCost, cost, look(xx + dx, yy + 1));
                }
                if (borderDy == -1 || look(xx, yy - 1) != cost) {
                    jumpNeighbor(xx, yy, index, xx + dx, yy - 1, gCost, cost, look(xx + dx, yy - 1));
                }
            }
        } else {
            if (borderDx == 1 || look(xx + 1, yy) != cost) {
                jumpNeighbor(xx, yy, index, xx + 1, yy + dy, gCost, cost, look(xx + 1, yy + dy));
            }
            if (borderDx == -1 || look(xx - 1, yy) != cost) {
                jumpNeighbor(xx, yy, index, xx - 1, yy + dy, gCost, cost, look(xx - 1, yy + dy));
            }
        }
    }

    private void jumpNeighbor(int xx, int yy, int index, int nx, int ny, int gCost, int cost, int nCost) {
        int g = gCost;
        if (nCost != cost || isBorder(nx) || isBorder(ny)) {
            if (nCost == OBSTACLE) {
                return;
            }
            g += nCost;
        } else {
            long jumped = jump(nCost, nx, ny, nx - xx, ny - yy);
            if (jumped == NULL_POS) {
                return;
            }
            nx = (int) jumped;
            ny = (int) (jumped >>> 32);
            g += nCost * (range(xx, yy, nx, ny) - 1) + look(nx, ny);
        }
        pushNode(index, nx, ny, g);
    }

    private long jump(int cost, int xx, int yy, int dx, int dy) {
        if (dx != 0) {
            return dy != 0 ? jumpXY(cost, xx, yy, dx, dy) : jumpX(cost, xx, yy, dx);
        }
        return jumpY(cost, xx, yy, dy);
    }

    private long jumpX(int cost, int xx, int yy, int dx) {
        int prevUp = look(xx, yy - 1);
        int prevDown = look(xx, yy + 1);
        while (heuristic(xx, yy) != 0 && !isNearBorder(xx)) {
            int up = look(xx + dx, yy - 1);
            int down = look(xx + dx, yy + 1);
            if ((up != OBSTACLE && prevUp != cost) || (down != OBSTACLE && prevDown != cost)) {
                break;
            }
            prevUp = up;
            prevDown = down;
            xx += dx;
            int jumpCost = look(xx, yy);
            if (jumpCost == OBSTACLE) {
                return NULL_POS;
            } else if (jumpCost != cost) {
                break;
            }
        }
        return pack(xx, yy);
    }

    private long jumpY(int cost, int xx, int yy, int dy) {
        int prevLeft = look(xx - 1, yy);
        int prevRight = look(xx + 1, yy);
        while (heuristic(xx, yy) != 0 && !isNearBorder(yy)) {
            int left = look(xx - 1, yy + dy);
            int right = look(xx + 1, yy + dy);
            if ((left != OBSTACLE && prevLeft != cost) || (right != OBSTACLE && prevRight != cost)) {
                break;
            }
            prevLeft = left;
            prevRight = right;
            yy += dy;
            int jumpCost = look(xx, yy);
            if (jumpCost == OBSTACLE) {
                return NULL_POS;
            } else if (jumpCost != cost) {
                break;
            }
        }
        return pack(xx, yy);
    }

    private long jumpXY(int cost, int xx, int yy, int dx, int dy) {
        int prevX = look(xx - dx, yy);
        int prevY = look(xx, yy - dy);
        while (heuristic(xx, yy) != 0 && !isNearBorder(xx) && !isNearBorder(yy)) {
            if ((look(xx - dx, yy + dy) != OBSTACLE && prevX != cost)
                    || (look(xx + dx, yy - dy) != OBSTACLE && prevY != cost)) {
                break;
            }
            prevX = look(xx, yy + dy);
            prevY = look(xx + dx, yy);
            if ((prevY != OBSTACLE && jumpX(cost, xx + dx, yy, dx) != NULL_POS)
                    || (prevX != OBSTACLE && jumpY(cost, xx, yy + dy, dy) != NULL_POS)) {
                break;
            }
            xx += dx;
            yy += dy;
            int jumpCost = look(xx, yy);
            if (jumpCost == OBSTACLE) {
                return NULL_POS;
            } else if (jumpCost != cost) {
                break;
            }
        }
        return pack(xx, yy);
    }
}
