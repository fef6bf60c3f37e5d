-- CreateTable
CREATE TABLE "Province" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "validFrom" TIMESTAMP(3),
    "validTo" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Province_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProvinceRuleSet" (
    "id" SERIAL NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProvinceRuleSet_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Agency" (
    "id" SERIAL NOT NULL,
    "provinceId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'OTHER',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Agency_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgencyVersion" (
    "id" SERIAL NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "shortName" TEXT NOT NULL DEFAULT '',
    "parentBody" TEXT NOT NULL DEFAULT '',
    "area" TEXT NOT NULL DEFAULT '',
    "validFrom" TIMESTAMP(3) NOT NULL,
    "validTo" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AgencyVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgencyLineage" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "date" TIMESTAMP(3) NOT NULL,
    "predecessorId" INTEGER NOT NULL,
    "successorId" INTEGER,
    "legalBasis" TEXT NOT NULL DEFAULT '',
    "note" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AgencyLineage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgencyFlag" (
    "id" SERIAL NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "fromDate" TIMESTAMP(3) NOT NULL,
    "toDate" TIMESTAMP(3),
    "note" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AgencyFlag_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Bloc" (
    "id" SERIAL NOT NULL,
    "provinceId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'KHOI',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Bloc_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BlocVersion" (
    "id" SERIAL NOT NULL,
    "blocId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "decision" TEXT NOT NULL DEFAULT '',
    "validFrom" TIMESTAMP(3) NOT NULL,
    "validTo" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BlocVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BlocYear" (
    "id" SERIAL NOT NULL,
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
    "registrationDue" TIMESTAMP(3),
    "pledgeDue" TIMESTAMP(3),
    "criteriaDue" TIMESTAMP(3),
    "midYearReviewDue" TIMESTAMP(3),
    "selfScoreDue" TIMESTAMP(3),
    "yearEndReviewDue" TIMESTAMP(3),
    "appealUntil" TIMESTAMP(3),
    "openedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "closedById" INTEGER,
    "reopenedAt" TIMESTAMP(3),
    "reopenReason" TEXT NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BlocYear_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Membership" (
    "id" SERIAL NOT NULL,
    "blocYearId" INTEGER NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "agencyVersionId" INTEGER NOT NULL,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "rotationOrder" INTEGER,
    "joinedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leftAt" TIMESTAMP(3),
    "leftReason" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "Membership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Movement" (
    "id" SERIAL NOT NULL,
    "provinceId" INTEGER,
    "blocYearId" INTEGER,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "launchedAt" TIMESTAMP(3),
    "endsAt" TIMESTAMP(3),
    "isThematic" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Movement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Registration" (
    "id" SERIAL NOT NULL,
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
    "submittedAt" TIMESTAMP(3),
    "submittedById" INTEGER,
    "reviewedAt" TIMESTAMP(3),
    "reviewedById" INTEGER,
    "returnReason" TEXT NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Registration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Pledge" (
    "id" SERIAL NOT NULL,
    "blocYearId" INTEGER NOT NULL,
    "title" TEXT NOT NULL DEFAULT 'Giao ước thi đua',
    "body" TEXT NOT NULL DEFAULT '',
    "targets" TEXT NOT NULL DEFAULT '',
    "publishedAt" TIMESTAMP(3),
    "publishedById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Pledge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PledgeSignature" (
    "id" SERIAL NOT NULL,
    "pledgeId" INTEGER NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "signedById" INTEGER NOT NULL,
    "signerName" TEXT NOT NULL,
    "signerTitle" TEXT NOT NULL DEFAULT '',
    "signedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PledgeSignature_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CriteriaTable" (
    "id" SERIAL NOT NULL,
    "provinceId" INTEGER,
    "blocYearId" INTEGER,
    "name" TEXT NOT NULL,
    "baseTotal" INTEGER NOT NULL DEFAULT 100,
    "sourceTableId" INTEGER,
    "lockedAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CriteriaTable_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CriteriaGroup" (
    "id" SERIAL NOT NULL,
    "tableId" INTEGER NOT NULL,
    "sortOrder" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "isCoreTask" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "CriteriaGroup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Criterion" (
    "id" SERIAL NOT NULL,
    "tableId" INTEGER NOT NULL,
    "groupId" INTEGER NOT NULL,
    "sortOrder" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'NORMAL',
    "maxCenti" INTEGER NOT NULL,
    "stepCenti" INTEGER NOT NULL DEFAULT 50,
    "guidance" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "Criterion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScoreSheet" (
    "id" SERIAL NOT NULL,
    "blocYearId" INTEGER NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "period" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'DRAFT',
    "submittedAt" TIMESTAMP(3),
    "submittedById" INTEGER,
    "reviewedAt" TIMESTAMP(3),
    "reviewedById" INTEGER,
    "returnReason" TEXT NOT NULL DEFAULT '',
    "tasksCompleted" BOOLEAN NOT NULL DEFAULT true,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ScoreSheet_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScoreEntry" (
    "id" SERIAL NOT NULL,
    "sheetId" INTEGER NOT NULL,
    "criterionId" INTEGER NOT NULL,
    "selfCenti" INTEGER,
    "evidenceText" TEXT NOT NULL DEFAULT '',
    "reviewedCenti" INTEGER,
    "reviewReason" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ScoreEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EvidenceFile" (
    "id" SERIAL NOT NULL,
    "entryId" INTEGER NOT NULL,
    "originalName" TEXT NOT NULL,
    "storedName" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "uploadedById" INTEGER NOT NULL,
    "uploadedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "EvidenceFile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Appeal" (
    "id" SERIAL NOT NULL,
    "entryId" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "evidenceText" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'OPEN',
    "resolution" TEXT NOT NULL DEFAULT '',
    "resolvedCenti" INTEGER,
    "createdById" INTEGER NOT NULL,
    "resolvedById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMP(3),

    CONSTRAINT "Appeal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Review" (
    "id" SERIAL NOT NULL,
    "blocYearId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "heldAt" TIMESTAMP(3),
    "place" TEXT NOT NULL DEFAULT '',
    "chairName" TEXT NOT NULL DEFAULT '',
    "secretaryName" TEXT NOT NULL DEFAULT '',
    "membersTotal" INTEGER NOT NULL DEFAULT 0,
    "membersPresent" INTEGER NOT NULL DEFAULT 0,
    "absentees" TEXT NOT NULL DEFAULT '',
    "summary" TEXT NOT NULL DEFAULT '',
    "tasksAhead" TEXT NOT NULL DEFAULT '',
    "frozenAt" TIMESTAMP(3),
    "frozenById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Review_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReviewResult" (
    "id" SERIAL NOT NULL,
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

    CONSTRAINT "ReviewResult_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReviewHonoree" (
    "id" SERIAL NOT NULL,
    "reviewId" INTEGER NOT NULL,
    "agencyId" INTEGER,
    "personName" TEXT NOT NULL DEFAULT '',
    "note" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "ReviewHonoree_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Ballot" (
    "id" SERIAL NOT NULL,
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
    "openedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedById" INTEGER,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "Ballot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BallotCandidate" (
    "id" SERIAL NOT NULL,
    "ballotId" INTEGER NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "votes" INTEGER NOT NULL DEFAULT 0,
    "elected" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "BallotCandidate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BallotParticipation" (
    "id" SERIAL NOT NULL,
    "ballotId" INTEGER NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "votedById" INTEGER NOT NULL,
    "votedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BallotParticipation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BallotPaper" (
    "id" TEXT NOT NULL,
    "ballotId" INTEGER NOT NULL,
    "isValid" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "BallotPaper_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BallotChoice" (
    "id" SERIAL NOT NULL,
    "paperId" TEXT NOT NULL,
    "candidateId" INTEGER NOT NULL,

    CONSTRAINT "BallotChoice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AwardProposal" (
    "id" SERIAL NOT NULL,
    "blocYearId" INTEGER NOT NULL,
    "awardKind" TEXT NOT NULL,
    "agencyId" INTEGER,
    "personName" TEXT NOT NULL DEFAULT '',
    "personTitle" TEXT NOT NULL DEFAULT '',
    "ballotId" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'DRAFT',
    "achievements" TEXT NOT NULL DEFAULT '',
    "sentAt" TIMESTAMP(3),
    "sentById" INTEGER,
    "decisionNumber" TEXT NOT NULL DEFAULT '',
    "decisionDate" TIMESTAMP(3),
    "decisionOutcome" TEXT NOT NULL DEFAULT '',
    "decisionNote" TEXT NOT NULL DEFAULT '',
    "decidedById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AwardProposal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IssuedDocument" (
    "id" SERIAL NOT NULL,
    "blocYearId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "number" TEXT NOT NULL DEFAULT '',
    "issuedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "issuedById" INTEGER NOT NULL,

    CONSTRAINT "IssuedDocument_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "username" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "fullName" TEXT NOT NULL,
    "jobTitle" TEXT NOT NULL DEFAULT '',
    "email" TEXT NOT NULL DEFAULT '',
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "failedLogins" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" TIMESTAMP(3),
    "lastLoginAt" TIMESTAMP(3),
    "passwordChangedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoleAssignment" (
    "id" SERIAL NOT NULL,
    "userId" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    "provinceId" INTEGER,
    "agencyId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RoleAssignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "userId" INTEGER,
    "action" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "entityId" TEXT NOT NULL DEFAULT '',
    "blocYearId" INTEGER,
    "oldValue" TEXT NOT NULL DEFAULT '',
    "newValue" TEXT NOT NULL DEFAULT '',
    "ip" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "sid" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "ProvinceRuleSet" ADD CONSTRAINT "ProvinceRuleSet_provinceId_fkey" FOREIGN KEY ("provinceId") REFERENCES "Province"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Agency" ADD CONSTRAINT "Agency_provinceId_fkey" FOREIGN KEY ("provinceId") REFERENCES "Province"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgencyVersion" ADD CONSTRAINT "AgencyVersion_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgencyLineage" ADD CONSTRAINT "AgencyLineage_predecessorId_fkey" FOREIGN KEY ("predecessorId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgencyLineage" ADD CONSTRAINT "AgencyLineage_successorId_fkey" FOREIGN KEY ("successorId") REFERENCES "Agency"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgencyFlag" ADD CONSTRAINT "AgencyFlag_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Bloc" ADD CONSTRAINT "Bloc_provinceId_fkey" FOREIGN KEY ("provinceId") REFERENCES "Province"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BlocVersion" ADD CONSTRAINT "BlocVersion_blocId_fkey" FOREIGN KEY ("blocId") REFERENCES "Bloc"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BlocYear" ADD CONSTRAINT "BlocYear_blocId_fkey" FOREIGN KEY ("blocId") REFERENCES "Bloc"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BlocYear" ADD CONSTRAINT "BlocYear_headAgencyId_fkey" FOREIGN KEY ("headAgencyId") REFERENCES "Agency"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BlocYear" ADD CONSTRAINT "BlocYear_deputyAgencyId_fkey" FOREIGN KEY ("deputyAgencyId") REFERENCES "Agency"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BlocYear" ADD CONSTRAINT "BlocYear_nextHeadAgencyId_fkey" FOREIGN KEY ("nextHeadAgencyId") REFERENCES "Agency"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BlocYear" ADD CONSTRAINT "BlocYear_nextDeputyAgencyId_fkey" FOREIGN KEY ("nextDeputyAgencyId") REFERENCES "Agency"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_blocYearId_fkey" FOREIGN KEY ("blocYearId") REFERENCES "BlocYear"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_agencyVersionId_fkey" FOREIGN KEY ("agencyVersionId") REFERENCES "AgencyVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Movement" ADD CONSTRAINT "Movement_provinceId_fkey" FOREIGN KEY ("provinceId") REFERENCES "Province"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Movement" ADD CONSTRAINT "Movement_blocYearId_fkey" FOREIGN KEY ("blocYearId") REFERENCES "BlocYear"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Registration" ADD CONSTRAINT "Registration_blocYearId_fkey" FOREIGN KEY ("blocYearId") REFERENCES "BlocYear"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Registration" ADD CONSTRAINT "Registration_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Pledge" ADD CONSTRAINT "Pledge_blocYearId_fkey" FOREIGN KEY ("blocYearId") REFERENCES "BlocYear"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PledgeSignature" ADD CONSTRAINT "PledgeSignature_pledgeId_fkey" FOREIGN KEY ("pledgeId") REFERENCES "Pledge"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PledgeSignature" ADD CONSTRAINT "PledgeSignature_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PledgeSignature" ADD CONSTRAINT "PledgeSignature_signedById_fkey" FOREIGN KEY ("signedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CriteriaTable" ADD CONSTRAINT "CriteriaTable_provinceId_fkey" FOREIGN KEY ("provinceId") REFERENCES "Province"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CriteriaTable" ADD CONSTRAINT "CriteriaTable_blocYearId_fkey" FOREIGN KEY ("blocYearId") REFERENCES "BlocYear"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CriteriaGroup" ADD CONSTRAINT "CriteriaGroup_tableId_fkey" FOREIGN KEY ("tableId") REFERENCES "CriteriaTable"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Criterion" ADD CONSTRAINT "Criterion_tableId_fkey" FOREIGN KEY ("tableId") REFERENCES "CriteriaTable"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Criterion" ADD CONSTRAINT "Criterion_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "CriteriaGroup"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScoreSheet" ADD CONSTRAINT "ScoreSheet_blocYearId_fkey" FOREIGN KEY ("blocYearId") REFERENCES "BlocYear"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScoreSheet" ADD CONSTRAINT "ScoreSheet_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScoreEntry" ADD CONSTRAINT "ScoreEntry_sheetId_fkey" FOREIGN KEY ("sheetId") REFERENCES "ScoreSheet"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScoreEntry" ADD CONSTRAINT "ScoreEntry_criterionId_fkey" FOREIGN KEY ("criterionId") REFERENCES "Criterion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EvidenceFile" ADD CONSTRAINT "EvidenceFile_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "ScoreEntry"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Appeal" ADD CONSTRAINT "Appeal_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "ScoreEntry"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Review" ADD CONSTRAINT "Review_blocYearId_fkey" FOREIGN KEY ("blocYearId") REFERENCES "BlocYear"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewResult" ADD CONSTRAINT "ReviewResult_reviewId_fkey" FOREIGN KEY ("reviewId") REFERENCES "Review"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewResult" ADD CONSTRAINT "ReviewResult_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewHonoree" ADD CONSTRAINT "ReviewHonoree_reviewId_fkey" FOREIGN KEY ("reviewId") REFERENCES "Review"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewHonoree" ADD CONSTRAINT "ReviewHonoree_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Ballot" ADD CONSTRAINT "Ballot_blocYearId_fkey" FOREIGN KEY ("blocYearId") REFERENCES "BlocYear"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Ballot" ADD CONSTRAINT "Ballot_parentBallotId_fkey" FOREIGN KEY ("parentBallotId") REFERENCES "Ballot"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BallotCandidate" ADD CONSTRAINT "BallotCandidate_ballotId_fkey" FOREIGN KEY ("ballotId") REFERENCES "Ballot"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BallotCandidate" ADD CONSTRAINT "BallotCandidate_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BallotParticipation" ADD CONSTRAINT "BallotParticipation_ballotId_fkey" FOREIGN KEY ("ballotId") REFERENCES "Ballot"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BallotParticipation" ADD CONSTRAINT "BallotParticipation_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BallotPaper" ADD CONSTRAINT "BallotPaper_ballotId_fkey" FOREIGN KEY ("ballotId") REFERENCES "Ballot"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BallotChoice" ADD CONSTRAINT "BallotChoice_paperId_fkey" FOREIGN KEY ("paperId") REFERENCES "BallotPaper"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BallotChoice" ADD CONSTRAINT "BallotChoice_candidateId_fkey" FOREIGN KEY ("candidateId") REFERENCES "BallotCandidate"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AwardProposal" ADD CONSTRAINT "AwardProposal_blocYearId_fkey" FOREIGN KEY ("blocYearId") REFERENCES "BlocYear"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AwardProposal" ADD CONSTRAINT "AwardProposal_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AwardProposal" ADD CONSTRAINT "AwardProposal_ballotId_fkey" FOREIGN KEY ("ballotId") REFERENCES "Ballot"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IssuedDocument" ADD CONSTRAINT "IssuedDocument_blocYearId_fkey" FOREIGN KEY ("blocYearId") REFERENCES "BlocYear"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoleAssignment" ADD CONSTRAINT "RoleAssignment_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoleAssignment" ADD CONSTRAINT "RoleAssignment_provinceId_fkey" FOREIGN KEY ("provinceId") REFERENCES "Province"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoleAssignment" ADD CONSTRAINT "RoleAssignment_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditLog" ADD CONSTRAINT "AuditLog_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
