-- DropIndex
DROP INDEX "AwardProposal_blocYearId_idx";

-- CreateTable
CREATE TABLE "AwardRule" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "provinceId" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "awardKind" TEXT NOT NULL,
    "quotaMode" TEXT NOT NULL DEFAULT 'PERCENT',
    "quotaValue" INTEGER NOT NULL DEFAULT 20,
    "quotaRounding" TEXT NOT NULL DEFAULT 'UP',
    "quotaMin" INTEGER NOT NULL DEFAULT 0,
    "minBand" TEXT NOT NULL DEFAULT '',
    "maxRank" INTEGER,
    "requiresAward" TEXT NOT NULL DEFAULT '',
    "requireAim" BOOLEAN NOT NULL DEFAULT true,
    "needsBallot" BOOLEAN NOT NULL DEFAULT false,
    "minLdttPercent" INTEGER NOT NULL DEFAULT 0,
    "minCstdcs" INTEGER NOT NULL DEFAULT 0,
    "legalBasis" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "AwardRule_provinceId_fkey" FOREIGN KEY ("provinceId") REFERENCES "Province" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Ballot" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "blocYearId" INTEGER NOT NULL,
    "purpose" TEXT NOT NULL,
    "awardKind" TEXT NOT NULL DEFAULT '',
    "title" TEXT NOT NULL,
    "method" TEXT NOT NULL DEFAULT 'SECRET',
    "round" INTEGER NOT NULL DEFAULT 1,
    "parentBallotId" INTEGER,
    "seats" INTEGER NOT NULL DEFAULT 1,
    "thresholdPercent" INTEGER NOT NULL DEFAULT 50,
    "quorumNeeded" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'OPEN',
    "resultNote" TEXT NOT NULL DEFAULT '',
    "membersTotal" INTEGER NOT NULL DEFAULT 0,
    "membersPresent" INTEGER NOT NULL DEFAULT 0,
    "issued" INTEGER NOT NULL DEFAULT 0,
    "returned" INTEGER NOT NULL DEFAULT 0,
    "valid" INTEGER NOT NULL DEFAULT 0,
    "invalid" INTEGER NOT NULL DEFAULT 0,
    "quorumMet" BOOLEAN NOT NULL DEFAULT false,
    "openedById" INTEGER NOT NULL,
    "openedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedById" INTEGER,
    "closedAt" DATETIME,
    CONSTRAINT "Ballot_blocYearId_fkey" FOREIGN KEY ("blocYearId") REFERENCES "BlocYear" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Ballot_parentBallotId_fkey" FOREIGN KEY ("parentBallotId") REFERENCES "Ballot" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Ballot" ("awardKind", "blocYearId", "closedAt", "closedById", "id", "invalid", "issued", "membersPresent", "membersTotal", "method", "openedAt", "openedById", "parentBallotId", "purpose", "quorumMet", "returned", "round", "seats", "status", "title", "valid") SELECT "awardKind", "blocYearId", "closedAt", "closedById", "id", "invalid", "issued", "membersPresent", "membersTotal", "method", "openedAt", "openedById", "parentBallotId", "purpose", "quorumMet", "returned", "round", "seats", "status", "title", "valid" FROM "Ballot";
DROP TABLE "Ballot";
ALTER TABLE "new_Ballot" RENAME TO "Ballot";
CREATE INDEX "Ballot_blocYearId_idx" ON "Ballot"("blocYearId");
CREATE TABLE "new_BallotChoice" (
    "paperId" TEXT NOT NULL,
    "candidateId" INTEGER NOT NULL,

    PRIMARY KEY ("paperId", "candidateId"),
    CONSTRAINT "BallotChoice_paperId_fkey" FOREIGN KEY ("paperId") REFERENCES "BallotPaper" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "BallotChoice_candidateId_fkey" FOREIGN KEY ("candidateId") REFERENCES "BallotCandidate" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_BallotChoice" ("candidateId", "paperId") SELECT "candidateId", "paperId" FROM "BallotChoice";
DROP TABLE "BallotChoice";
ALTER TABLE "new_BallotChoice" RENAME TO "BallotChoice";
CREATE INDEX "BallotChoice_candidateId_idx" ON "BallotChoice"("candidateId");
CREATE TABLE "new_BallotParticipation" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "ballotId" INTEGER NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "votedById" INTEGER,
    "votedAt" DATETIME,
    CONSTRAINT "BallotParticipation_ballotId_fkey" FOREIGN KEY ("ballotId") REFERENCES "Ballot" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "BallotParticipation_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_BallotParticipation" ("agencyId", "ballotId", "id", "votedAt", "votedById") SELECT "agencyId", "ballotId", "id", "votedAt", "votedById" FROM "BallotParticipation";
DROP TABLE "BallotParticipation";
ALTER TABLE "new_BallotParticipation" RENAME TO "BallotParticipation";
CREATE UNIQUE INDEX "BallotParticipation_ballotId_agencyId_key" ON "BallotParticipation"("ballotId", "agencyId");
CREATE TABLE "new_ProvinceRuleSet" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "provinceId" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "legalBasis" TEXT NOT NULL DEFAULT '',
    "baseTotal" INTEGER NOT NULL DEFAULT 100,
    "bandExcellentCenti" INTEGER NOT NULL DEFAULT 9000,
    "bandGoodCenti" INTEGER NOT NULL DEFAULT 8000,
    "bandFairCenti" INTEGER NOT NULL DEFAULT 6500,
    "quorumNumerator" INTEGER NOT NULL DEFAULT 2,
    "quorumDenominator" INTEGER NOT NULL DEFAULT 3,
    "electThresholdPercent" INTEGER NOT NULL DEFAULT 50,
    "voteMethod" TEXT NOT NULL DEFAULT 'SECRET',
    "tieBreakOrder" TEXT NOT NULL DEFAULT 'FINAL,CORE_GROUP,FEWER_DEDUCTIONS,MORE_BONUS,VOTE',
    "requireRegistration" BOOLEAN NOT NULL DEFAULT true,
    "requirePledge" BOOLEAN NOT NULL DEFAULT true,
    "appealWindowDays" INTEGER NOT NULL DEFAULT 5,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ProvinceRuleSet_provinceId_fkey" FOREIGN KEY ("provinceId") REFERENCES "Province" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_ProvinceRuleSet" ("appealWindowDays", "bandExcellentCenti", "bandFairCenti", "bandGoodCenti", "baseTotal", "createdAt", "electThresholdPercent", "id", "legalBasis", "provinceId", "quorumDenominator", "quorumNumerator", "requirePledge", "requireRegistration", "tieBreakOrder", "updatedAt", "voteMethod", "year") SELECT "appealWindowDays", "bandExcellentCenti", "bandFairCenti", "bandGoodCenti", "baseTotal", "createdAt", "electThresholdPercent", "id", "legalBasis", "provinceId", "quorumDenominator", "quorumNumerator", "requirePledge", "requireRegistration", "tieBreakOrder", "updatedAt", "voteMethod", "year" FROM "ProvinceRuleSet";
DROP TABLE "ProvinceRuleSet";
ALTER TABLE "new_ProvinceRuleSet" RENAME TO "ProvinceRuleSet";
CREATE UNIQUE INDEX "ProvinceRuleSet_provinceId_year_key" ON "ProvinceRuleSet"("provinceId", "year");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "AwardRule_provinceId_year_awardKind_key" ON "AwardRule"("provinceId", "year", "awardKind");

-- CreateIndex
CREATE UNIQUE INDEX "AwardProposal_blocYearId_awardKind_agencyId_key" ON "AwardProposal"("blocYearId", "awardKind", "agencyId");

