-- CreateTable
CREATE TABLE "Province" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "validFrom" DATETIME,
    "validTo" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ProvinceRuleSet" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "provinceId" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "legalBasis" TEXT NOT NULL DEFAULT '',
    "baseTotal" INTEGER NOT NULL DEFAULT 100,
    "bandExcellentCenti" INTEGER NOT NULL DEFAULT 9000,
    "bandGoodCenti" INTEGER NOT NULL DEFAULT 8000,
    "bandFairCenti" INTEGER NOT NULL DEFAULT 6500,
    "flagQuotaPercent" INTEGER NOT NULL DEFAULT 20,
    "flagQuotaMin" INTEGER NOT NULL DEFAULT 1,
    "govFlagQuotaPercent" INTEGER NOT NULL DEFAULT 20,
    "meritQuotaPercent" INTEGER NOT NULL DEFAULT 30,
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

-- CreateTable
CREATE TABLE "Agency" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "provinceId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'OTHER',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Agency_provinceId_fkey" FOREIGN KEY ("provinceId") REFERENCES "Province" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AgencyVersion" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "agencyId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "shortName" TEXT NOT NULL DEFAULT '',
    "parentBody" TEXT NOT NULL DEFAULT '',
    "area" TEXT NOT NULL DEFAULT '',
    "validFrom" DATETIME NOT NULL,
    "validTo" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AgencyVersion_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AgencyLineage" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "date" DATETIME NOT NULL,
    "predecessorId" INTEGER NOT NULL,
    "successorId" INTEGER,
    "legalBasis" TEXT NOT NULL DEFAULT '',
    "note" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AgencyLineage_predecessorId_fkey" FOREIGN KEY ("predecessorId") REFERENCES "Agency" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "AgencyLineage_successorId_fkey" FOREIGN KEY ("successorId") REFERENCES "Agency" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AgencyFlag" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "agencyId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "fromDate" DATETIME NOT NULL,
    "toDate" DATETIME,
    "note" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AgencyFlag_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Bloc" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "provinceId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'KHOI',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Bloc_provinceId_fkey" FOREIGN KEY ("provinceId") REFERENCES "Province" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "BlocVersion" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "blocId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "decision" TEXT NOT NULL DEFAULT '',
    "validFrom" DATETIME NOT NULL,
    "validTo" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "BlocVersion_blocId_fkey" FOREIGN KEY ("blocId") REFERENCES "Bloc" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "BlocYear" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "blocId" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "phase" TEXT NOT NULL DEFAULT 'SETUP',
    "theme" TEXT NOT NULL DEFAULT '',
    "motto" TEXT NOT NULL DEFAULT '',
    "headAgencyId" INTEGER,
    "deputyAgencyId" INTEGER,
    "deputyActsAsHead" BOOLEAN NOT NULL DEFAULT false,
    "nextHeadAgencyId" INTEGER,
    "nextDeputyAgencyId" INTEGER,
    "handoverMethod" TEXT NOT NULL DEFAULT '',
    "registrationDue" DATETIME,
    "pledgeDue" DATETIME,
    "criteriaDue" DATETIME,
    "midYearReviewDue" DATETIME,
    "selfScoreDue" DATETIME,
    "yearEndReviewDue" DATETIME,
    "appealUntil" DATETIME,
    "openedAt" DATETIME,
    "closedAt" DATETIME,
    "closedById" INTEGER,
    "reopenedAt" DATETIME,
    "reopenReason" TEXT NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "BlocYear_blocId_fkey" FOREIGN KEY ("blocId") REFERENCES "Bloc" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "BlocYear_headAgencyId_fkey" FOREIGN KEY ("headAgencyId") REFERENCES "Agency" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "BlocYear_deputyAgencyId_fkey" FOREIGN KEY ("deputyAgencyId") REFERENCES "Agency" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "BlocYear_nextHeadAgencyId_fkey" FOREIGN KEY ("nextHeadAgencyId") REFERENCES "Agency" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "BlocYear_nextDeputyAgencyId_fkey" FOREIGN KEY ("nextDeputyAgencyId") REFERENCES "Agency" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Membership" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "blocYearId" INTEGER NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "agencyVersionId" INTEGER NOT NULL,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "rotationOrder" INTEGER,
    "joinedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leftAt" DATETIME,
    "leftReason" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "Membership_blocYearId_fkey" FOREIGN KEY ("blocYearId") REFERENCES "BlocYear" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Membership_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Membership_agencyVersionId_fkey" FOREIGN KEY ("agencyVersionId") REFERENCES "AgencyVersion" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Movement" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "provinceId" INTEGER,
    "blocYearId" INTEGER,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "launchedAt" DATETIME,
    "endsAt" DATETIME,
    "isThematic" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Movement_provinceId_fkey" FOREIGN KEY ("provinceId") REFERENCES "Province" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Movement_blocYearId_fkey" FOREIGN KEY ("blocYearId") REFERENCES "BlocYear" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Registration" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "blocYearId" INTEGER NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "collectiveTitle" TEXT NOT NULL DEFAULT '',
    "awardAims" TEXT NOT NULL DEFAULT '',
    "targets" TEXT NOT NULL DEFAULT '',
    "staffCount" INTEGER NOT NULL DEFAULT 0,
    "countLdtt" INTEGER NOT NULL DEFAULT 0,
    "countCstdcs" INTEGER NOT NULL DEFAULT 0,
    "countCstdTinh" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'DRAFT',
    "submittedAt" DATETIME,
    "submittedById" INTEGER,
    "reviewedAt" DATETIME,
    "reviewedById" INTEGER,
    "returnReason" TEXT NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Registration_blocYearId_fkey" FOREIGN KEY ("blocYearId") REFERENCES "BlocYear" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Registration_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Pledge" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "blocYearId" INTEGER NOT NULL,
    "title" TEXT NOT NULL DEFAULT 'Giao ước thi đua',
    "body" TEXT NOT NULL DEFAULT '',
    "targets" TEXT NOT NULL DEFAULT '',
    "publishedAt" DATETIME,
    "publishedById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Pledge_blocYearId_fkey" FOREIGN KEY ("blocYearId") REFERENCES "BlocYear" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PledgeSignature" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "pledgeId" INTEGER NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "signedById" INTEGER NOT NULL,
    "signerName" TEXT NOT NULL,
    "signerTitle" TEXT NOT NULL DEFAULT '',
    "signedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PledgeSignature_pledgeId_fkey" FOREIGN KEY ("pledgeId") REFERENCES "Pledge" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "PledgeSignature_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "PledgeSignature_signedById_fkey" FOREIGN KEY ("signedById") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CriteriaTable" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "provinceId" INTEGER,
    "blocYearId" INTEGER,
    "name" TEXT NOT NULL,
    "baseTotal" INTEGER NOT NULL DEFAULT 100,
    "sourceTableId" INTEGER,
    "lockedAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "CriteriaTable_provinceId_fkey" FOREIGN KEY ("provinceId") REFERENCES "Province" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "CriteriaTable_blocYearId_fkey" FOREIGN KEY ("blocYearId") REFERENCES "BlocYear" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CriteriaGroup" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "tableId" INTEGER NOT NULL,
    "sortOrder" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "isCoreTask" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "CriteriaGroup_tableId_fkey" FOREIGN KEY ("tableId") REFERENCES "CriteriaTable" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Criterion" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "tableId" INTEGER NOT NULL,
    "groupId" INTEGER NOT NULL,
    "sortOrder" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'NORMAL',
    "maxCenti" INTEGER NOT NULL,
    "stepCenti" INTEGER NOT NULL DEFAULT 50,
    "guidance" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "Criterion_tableId_fkey" FOREIGN KEY ("tableId") REFERENCES "CriteriaTable" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Criterion_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "CriteriaGroup" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ScoreSheet" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "blocYearId" INTEGER NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "period" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'DRAFT',
    "submittedAt" DATETIME,
    "submittedById" INTEGER,
    "reviewedAt" DATETIME,
    "reviewedById" INTEGER,
    "returnReason" TEXT NOT NULL DEFAULT '',
    "tasksCompleted" BOOLEAN NOT NULL DEFAULT true,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ScoreSheet_blocYearId_fkey" FOREIGN KEY ("blocYearId") REFERENCES "BlocYear" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "ScoreSheet_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ScoreEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "sheetId" INTEGER NOT NULL,
    "criterionId" INTEGER NOT NULL,
    "selfCenti" INTEGER,
    "evidenceText" TEXT NOT NULL DEFAULT '',
    "reviewedCenti" INTEGER,
    "reviewReason" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "updatedAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ScoreEntry_sheetId_fkey" FOREIGN KEY ("sheetId") REFERENCES "ScoreSheet" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "ScoreEntry_criterionId_fkey" FOREIGN KEY ("criterionId") REFERENCES "Criterion" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EvidenceFile" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "entryId" INTEGER NOT NULL,
    "originalName" TEXT NOT NULL,
    "storedName" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "uploadedById" INTEGER NOT NULL,
    "uploadedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deletedAt" DATETIME,
    CONSTRAINT "EvidenceFile_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "ScoreEntry" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Appeal" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "entryId" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "evidenceText" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'OPEN',
    "resolution" TEXT NOT NULL DEFAULT '',
    "resolvedCenti" INTEGER,
    "createdById" INTEGER NOT NULL,
    "resolvedById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" DATETIME,
    CONSTRAINT "Appeal_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "ScoreEntry" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Review" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "blocYearId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "heldAt" DATETIME,
    "place" TEXT NOT NULL DEFAULT '',
    "chairName" TEXT NOT NULL DEFAULT '',
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

-- CreateTable
CREATE TABLE "ReviewResult" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "reviewId" INTEGER NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "agencyName" TEXT NOT NULL,
    "baseCenti" INTEGER NOT NULL,
    "bonusCenti" INTEGER NOT NULL,
    "deductionCenti" INTEGER NOT NULL,
    "totalCenti" INTEGER NOT NULL,
    "coreGroupCenti" INTEGER NOT NULL DEFAULT 0,
    "rank" INTEGER NOT NULL,
    "band" TEXT NOT NULL,
    CONSTRAINT "ReviewResult_reviewId_fkey" FOREIGN KEY ("reviewId") REFERENCES "Review" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "ReviewResult_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ReviewHonoree" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "reviewId" INTEGER NOT NULL,
    "agencyId" INTEGER,
    "personName" TEXT NOT NULL DEFAULT '',
    "note" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "ReviewHonoree_reviewId_fkey" FOREIGN KEY ("reviewId") REFERENCES "Review" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "ReviewHonoree_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Ballot" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "blocYearId" INTEGER NOT NULL,
    "purpose" TEXT NOT NULL,
    "awardKind" TEXT NOT NULL DEFAULT '',
    "title" TEXT NOT NULL,
    "method" TEXT NOT NULL DEFAULT 'SECRET',
    "round" INTEGER NOT NULL DEFAULT 1,
    "parentBallotId" INTEGER,
    "seats" INTEGER NOT NULL DEFAULT 1,
    "status" TEXT NOT NULL DEFAULT 'OPEN',
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

-- CreateTable
CREATE TABLE "BallotCandidate" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "ballotId" INTEGER NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "votes" INTEGER NOT NULL DEFAULT 0,
    "elected" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "BallotCandidate_ballotId_fkey" FOREIGN KEY ("ballotId") REFERENCES "Ballot" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "BallotCandidate_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "BallotParticipation" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "ballotId" INTEGER NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "votedById" INTEGER NOT NULL,
    "votedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "BallotParticipation_ballotId_fkey" FOREIGN KEY ("ballotId") REFERENCES "Ballot" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "BallotParticipation_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "BallotPaper" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "ballotId" INTEGER NOT NULL,
    "isValid" BOOLEAN NOT NULL DEFAULT true,
    CONSTRAINT "BallotPaper_ballotId_fkey" FOREIGN KEY ("ballotId") REFERENCES "Ballot" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "BallotChoice" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "paperId" TEXT NOT NULL,
    "candidateId" INTEGER NOT NULL,
    CONSTRAINT "BallotChoice_paperId_fkey" FOREIGN KEY ("paperId") REFERENCES "BallotPaper" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "BallotChoice_candidateId_fkey" FOREIGN KEY ("candidateId") REFERENCES "BallotCandidate" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AwardProposal" (
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
    "decidedById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "AwardProposal_blocYearId_fkey" FOREIGN KEY ("blocYearId") REFERENCES "BlocYear" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "AwardProposal_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "AwardProposal_ballotId_fkey" FOREIGN KEY ("ballotId") REFERENCES "Ballot" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "IssuedDocument" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "blocYearId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "number" TEXT NOT NULL DEFAULT '',
    "issuedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "issuedById" INTEGER NOT NULL,
    CONSTRAINT "IssuedDocument_blocYearId_fkey" FOREIGN KEY ("blocYearId") REFERENCES "BlocYear" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "User" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "username" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "fullName" TEXT NOT NULL,
    "jobTitle" TEXT NOT NULL DEFAULT '',
    "email" TEXT NOT NULL DEFAULT '',
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "failedLogins" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" DATETIME,
    "lastLoginAt" DATETIME,
    "passwordChangedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "RoleAssignment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "userId" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    "provinceId" INTEGER,
    "agencyId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RoleAssignment_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "RoleAssignment_provinceId_fkey" FOREIGN KEY ("provinceId") REFERENCES "Province" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "RoleAssignment_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "userId" INTEGER,
    "action" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "entityId" TEXT NOT NULL DEFAULT '',
    "blocYearId" INTEGER,
    "oldValue" TEXT NOT NULL DEFAULT '',
    "newValue" TEXT NOT NULL DEFAULT '',
    "ip" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "AuditLog_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sid" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "Province_code_key" ON "Province"("code");

-- CreateIndex
CREATE UNIQUE INDEX "ProvinceRuleSet_provinceId_year_key" ON "ProvinceRuleSet"("provinceId", "year");

-- CreateIndex
CREATE UNIQUE INDEX "Agency_code_key" ON "Agency"("code");

-- CreateIndex
CREATE INDEX "AgencyVersion_agencyId_validFrom_idx" ON "AgencyVersion"("agencyId", "validFrom");

-- CreateIndex
CREATE INDEX "AgencyLineage_predecessorId_idx" ON "AgencyLineage"("predecessorId");

-- CreateIndex
CREATE INDEX "AgencyLineage_successorId_idx" ON "AgencyLineage"("successorId");

-- CreateIndex
CREATE INDEX "AgencyFlag_agencyId_idx" ON "AgencyFlag"("agencyId");

-- CreateIndex
CREATE UNIQUE INDEX "Bloc_code_key" ON "Bloc"("code");

-- CreateIndex
CREATE INDEX "Bloc_provinceId_idx" ON "Bloc"("provinceId");

-- CreateIndex
CREATE INDEX "BlocVersion_blocId_validFrom_idx" ON "BlocVersion"("blocId", "validFrom");

-- CreateIndex
CREATE INDEX "BlocYear_year_idx" ON "BlocYear"("year");

-- CreateIndex
CREATE INDEX "BlocYear_headAgencyId_idx" ON "BlocYear"("headAgencyId");

-- CreateIndex
CREATE INDEX "BlocYear_deputyAgencyId_idx" ON "BlocYear"("deputyAgencyId");

-- CreateIndex
CREATE UNIQUE INDEX "BlocYear_blocId_year_key" ON "BlocYear"("blocId", "year");

-- CreateIndex
CREATE INDEX "Membership_agencyId_idx" ON "Membership"("agencyId");

-- CreateIndex
CREATE UNIQUE INDEX "Membership_blocYearId_agencyId_key" ON "Membership"("blocYearId", "agencyId");

-- CreateIndex
CREATE INDEX "Movement_blocYearId_idx" ON "Movement"("blocYearId");

-- CreateIndex
CREATE INDEX "Registration_agencyId_idx" ON "Registration"("agencyId");

-- CreateIndex
CREATE UNIQUE INDEX "Registration_blocYearId_agencyId_key" ON "Registration"("blocYearId", "agencyId");

-- CreateIndex
CREATE UNIQUE INDEX "Pledge_blocYearId_key" ON "Pledge"("blocYearId");

-- CreateIndex
CREATE UNIQUE INDEX "PledgeSignature_pledgeId_agencyId_key" ON "PledgeSignature"("pledgeId", "agencyId");

-- CreateIndex
CREATE INDEX "CriteriaTable_provinceId_idx" ON "CriteriaTable"("provinceId");

-- CreateIndex
CREATE INDEX "CriteriaTable_blocYearId_idx" ON "CriteriaTable"("blocYearId");

-- CreateIndex
CREATE INDEX "CriteriaGroup_tableId_idx" ON "CriteriaGroup"("tableId");

-- CreateIndex
CREATE INDEX "Criterion_tableId_idx" ON "Criterion"("tableId");

-- CreateIndex
CREATE INDEX "Criterion_groupId_idx" ON "Criterion"("groupId");

-- CreateIndex
CREATE INDEX "ScoreSheet_agencyId_idx" ON "ScoreSheet"("agencyId");

-- CreateIndex
CREATE UNIQUE INDEX "ScoreSheet_blocYearId_agencyId_period_key" ON "ScoreSheet"("blocYearId", "agencyId", "period");

-- CreateIndex
CREATE INDEX "ScoreEntry_criterionId_idx" ON "ScoreEntry"("criterionId");

-- CreateIndex
CREATE UNIQUE INDEX "ScoreEntry_sheetId_criterionId_key" ON "ScoreEntry"("sheetId", "criterionId");

-- CreateIndex
CREATE UNIQUE INDEX "EvidenceFile_storedName_key" ON "EvidenceFile"("storedName");

-- CreateIndex
CREATE INDEX "EvidenceFile_entryId_idx" ON "EvidenceFile"("entryId");

-- CreateIndex
CREATE INDEX "Appeal_entryId_idx" ON "Appeal"("entryId");

-- CreateIndex
CREATE UNIQUE INDEX "Review_blocYearId_kind_key" ON "Review"("blocYearId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "ReviewResult_reviewId_agencyId_key" ON "ReviewResult"("reviewId", "agencyId");

-- CreateIndex
CREATE INDEX "ReviewHonoree_reviewId_idx" ON "ReviewHonoree"("reviewId");

-- CreateIndex
CREATE INDEX "Ballot_blocYearId_idx" ON "Ballot"("blocYearId");

-- CreateIndex
CREATE UNIQUE INDEX "BallotCandidate_ballotId_agencyId_key" ON "BallotCandidate"("ballotId", "agencyId");

-- CreateIndex
CREATE UNIQUE INDEX "BallotParticipation_ballotId_agencyId_key" ON "BallotParticipation"("ballotId", "agencyId");

-- CreateIndex
CREATE INDEX "BallotPaper_ballotId_idx" ON "BallotPaper"("ballotId");

-- CreateIndex
CREATE INDEX "BallotChoice_candidateId_idx" ON "BallotChoice"("candidateId");

-- CreateIndex
CREATE UNIQUE INDEX "BallotChoice_paperId_candidateId_key" ON "BallotChoice"("paperId", "candidateId");

-- CreateIndex
CREATE INDEX "AwardProposal_blocYearId_idx" ON "AwardProposal"("blocYearId");

-- CreateIndex
CREATE INDEX "AwardProposal_agencyId_idx" ON "AwardProposal"("agencyId");

-- CreateIndex
CREATE INDEX "AwardProposal_status_idx" ON "AwardProposal"("status");

-- CreateIndex
CREATE INDEX "IssuedDocument_blocYearId_kind_idx" ON "IssuedDocument"("blocYearId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");

-- CreateIndex
CREATE INDEX "RoleAssignment_userId_idx" ON "RoleAssignment"("userId");

-- CreateIndex
CREATE INDEX "RoleAssignment_agencyId_idx" ON "RoleAssignment"("agencyId");

-- CreateIndex
CREATE INDEX "RoleAssignment_provinceId_idx" ON "RoleAssignment"("provinceId");

-- CreateIndex
CREATE INDEX "AuditLog_entity_entityId_idx" ON "AuditLog"("entity", "entityId");

-- CreateIndex
CREATE INDEX "AuditLog_blocYearId_idx" ON "AuditLog"("blocYearId");

-- CreateIndex
CREATE INDEX "AuditLog_userId_at_idx" ON "AuditLog"("userId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "Session_sid_key" ON "Session"("sid");

-- CreateIndex
CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt");
