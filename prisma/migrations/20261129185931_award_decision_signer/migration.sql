-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_AwardProposal" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "blocYearId" INTEGER NOT NULL,
    "awardKind" TEXT NOT NULL,
    "agencyId" INTEGER,
    "personName" TEXT NOT NULL DEFAULT '',
    "personTitle" TEXT NOT NULL DEFAULT '',
    "ballotId" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'DRAFT',
    "achievements" TEXT NOT NULL DEFAULT '',
    "sentAt" DATETIME,
    "sentById" INTEGER,
    "decisionNumber" TEXT NOT NULL DEFAULT '',
    "decisionDate" DATETIME,
    "decisionOutcome" TEXT NOT NULL DEFAULT '',
    "decisionNote" TEXT NOT NULL DEFAULT '',
    "decisionSigner" TEXT NOT NULL DEFAULT '',
    "decidedById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "AwardProposal_blocYearId_fkey" FOREIGN KEY ("blocYearId") REFERENCES "BlocYear" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "AwardProposal_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "AwardProposal_ballotId_fkey" FOREIGN KEY ("ballotId") REFERENCES "Ballot" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_AwardProposal" ("achievements", "agencyId", "awardKind", "ballotId", "blocYearId", "createdAt", "decidedById", "decisionDate", "decisionNote", "decisionNumber", "decisionOutcome", "id", "personName", "personTitle", "sentAt", "sentById", "status", "updatedAt") SELECT "achievements", "agencyId", "awardKind", "ballotId", "blocYearId", "createdAt", "decidedById", "decisionDate", "decisionNote", "decisionNumber", "decisionOutcome", "id", "personName", "personTitle", "sentAt", "sentById", "status", "updatedAt" FROM "AwardProposal";
DROP TABLE "AwardProposal";
ALTER TABLE "new_AwardProposal" RENAME TO "AwardProposal";
CREATE INDEX "AwardProposal_agencyId_idx" ON "AwardProposal"("agencyId");
CREATE INDEX "AwardProposal_status_idx" ON "AwardProposal"("status");
CREATE UNIQUE INDEX "AwardProposal_blocYearId_awardKind_agencyId_key" ON "AwardProposal"("blocYearId", "awardKind", "agencyId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

