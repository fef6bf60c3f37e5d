-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Review" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "blocYearId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "heldAt" DATETIME,
    "place" TEXT NOT NULL DEFAULT '',
    "chairName" TEXT NOT NULL DEFAULT '',
    "chairTitle" TEXT NOT NULL DEFAULT '',
    "secretaryName" TEXT NOT NULL DEFAULT '',
    "membersTotal" INTEGER NOT NULL DEFAULT 0,
    "membersPresent" INTEGER NOT NULL DEFAULT 0,
    "absentees" TEXT NOT NULL DEFAULT '',
    "summary" TEXT NOT NULL DEFAULT '',
    "tasksAhead" TEXT NOT NULL DEFAULT '',
    "frozenAt" DATETIME,
    "frozenById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Review_blocYearId_fkey" FOREIGN KEY ("blocYearId") REFERENCES "BlocYear" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Review" ("absentees", "blocYearId", "chairName", "createdAt", "frozenAt", "frozenById", "heldAt", "id", "kind", "membersPresent", "membersTotal", "place", "secretaryName", "summary", "tasksAhead", "updatedAt") SELECT "absentees", "blocYearId", "chairName", "createdAt", "frozenAt", "frozenById", "heldAt", "id", "kind", "membersPresent", "membersTotal", "place", "secretaryName", "summary", "tasksAhead", "updatedAt" FROM "Review";
DROP TABLE "Review";
ALTER TABLE "new_Review" RENAME TO "Review";
CREATE UNIQUE INDEX "Review_blocYearId_kind_key" ON "Review"("blocYearId", "kind");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

