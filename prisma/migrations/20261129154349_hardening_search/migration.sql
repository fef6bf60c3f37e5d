-- DropIndex
DROP INDEX "IssuedDocument_blocYearId_kind_idx";

-- CreateTable
CREATE TABLE "BallotSeal" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "ballotId" INTEGER NOT NULL,
    "sealed" TEXT NOT NULL,
    CONSTRAINT "BallotSeal_ballotId_fkey" FOREIGN KEY ("ballotId") REFERENCES "Ballot" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LoginThrottle" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "lastFailureAt" DATETIME NOT NULL,
    "blockedUntil" DATETIME
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_AgencyVersion" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "agencyId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "shortName" TEXT NOT NULL DEFAULT '',
    "parentBody" TEXT NOT NULL DEFAULT '',
    "area" TEXT NOT NULL DEFAULT '',
    "searchKey" TEXT NOT NULL DEFAULT '',
    "validFrom" DATETIME NOT NULL,
    "validTo" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AgencyVersion_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_AgencyVersion" ("agencyId", "area", "createdAt", "id", "name", "parentBody", "shortName", "validFrom", "validTo") SELECT "agencyId", "area", "createdAt", "id", "name", "parentBody", "shortName", "validFrom", "validTo" FROM "AgencyVersion";
DROP TABLE "AgencyVersion";
ALTER TABLE "new_AgencyVersion" RENAME TO "AgencyVersion";
CREATE INDEX "AgencyVersion_agencyId_validFrom_idx" ON "AgencyVersion"("agencyId", "validFrom");
CREATE TABLE "new_BlocVersion" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "blocId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "decision" TEXT NOT NULL DEFAULT '',
    "searchKey" TEXT NOT NULL DEFAULT '',
    "validFrom" DATETIME NOT NULL,
    "validTo" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "BlocVersion_blocId_fkey" FOREIGN KEY ("blocId") REFERENCES "Bloc" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_BlocVersion" ("blocId", "createdAt", "decision", "id", "name", "validFrom", "validTo") SELECT "blocId", "createdAt", "decision", "id", "name", "validFrom", "validTo" FROM "BlocVersion";
DROP TABLE "BlocVersion";
ALTER TABLE "new_BlocVersion" RENAME TO "BlocVersion";
CREATE INDEX "BlocVersion_blocId_validFrom_idx" ON "BlocVersion"("blocId", "validFrom");
CREATE TABLE "new_User" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "username" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "fullName" TEXT NOT NULL,
    "jobTitle" TEXT NOT NULL DEFAULT '',
    "email" TEXT NOT NULL DEFAULT '',
    "searchKey" TEXT NOT NULL DEFAULT '',
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "failedLogins" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" DATETIME,
    "lastLoginAt" DATETIME,
    "passwordChangedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_User" ("createdAt", "email", "failedLogins", "fullName", "id", "isActive", "jobTitle", "lastLoginAt", "lockedUntil", "passwordChangedAt", "passwordHash", "updatedAt", "username") SELECT "createdAt", "email", "failedLogins", "fullName", "id", "isActive", "jobTitle", "lastLoginAt", "lockedUntil", "passwordChangedAt", "passwordHash", "updatedAt", "username" FROM "User";
DROP TABLE "User";
ALTER TABLE "new_User" RENAME TO "User";
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "BallotSeal_ballotId_idx" ON "BallotSeal"("ballotId");

-- CreateIndex
CREATE INDEX "LoginThrottle_lastFailureAt_idx" ON "LoginThrottle"("lastFailureAt");

-- CreateIndex
CREATE UNIQUE INDEX "IssuedDocument_blocYearId_kind_number_key" ON "IssuedDocument"("blocYearId", "kind", "number");

