-- CreateTable
CREATE TABLE "AwardRecord" (
    "id" SERIAL NOT NULL,
    "provinceId" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "awardKind" TEXT NOT NULL,
    "awardTitle" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "subjectKind" TEXT NOT NULL DEFAULT 'UNIT',
    "agencyId" INTEGER,
    "subjectName" TEXT NOT NULL,
    "agencyKind" TEXT NOT NULL DEFAULT 'OTHER',
    "blocId" INTEGER,
    "decisionNumber" TEXT NOT NULL DEFAULT '',
    "decisionDate" TIMESTAMP(3),
    "source" TEXT NOT NULL,
    "proposalId" INTEGER,
    "importBatchId" INTEGER,
    "searchKey" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AwardRecord_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AwardRecord_proposalId_key" ON "AwardRecord"("proposalId");

-- CreateIndex
CREATE INDEX "AwardRecord_provinceId_year_awardKind_idx" ON "AwardRecord"("provinceId", "year", "awardKind");

-- CreateIndex
CREATE INDEX "AwardRecord_provinceId_year_blocId_idx" ON "AwardRecord"("provinceId", "year", "blocId");

-- CreateIndex
CREATE INDEX "AwardRecord_agencyId_idx" ON "AwardRecord"("agencyId");

-- AddForeignKey
ALTER TABLE "AwardRecord" ADD CONSTRAINT "AwardRecord_provinceId_fkey" FOREIGN KEY ("provinceId") REFERENCES "Province"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Backfill: awards already decided on the portal (APPROVED proposals) enter the register, one row per
-- proposal, as the board's decision writes them (src/modules/province-view/register.ts syncRegister):
-- the subject is the unit's name of its membership that year (else its latest version, else the
-- person), the level the Government's for its flag and the province's otherwise. The search keys
-- are left '' and filled at start-up by backfillSearchKeys (src/db/search-keys.ts).
INSERT INTO "AwardRecord" ("provinceId", "year", "awardKind", "awardTitle", "level", "subjectKind", "agencyId", "subjectName", "agencyKind", "blocId", "decisionNumber", "decisionDate", "source", "proposalId", "searchKey")
SELECT b."provinceId", y."year", p."awardKind",
    CASE p."awardKind"
        WHEN 'CO_TINH' THEN 'Cờ thi đua của UBND tỉnh'
        WHEN 'CO_CHINH_PHU' THEN 'Cờ thi đua của Chính phủ'
        WHEN 'BANG_KHEN_TINH' THEN 'Bằng khen của Chủ tịch UBND tỉnh'
        WHEN 'TTLDXS' THEN 'Tập thể lao động xuất sắc'
        WHEN 'TTLDTT' THEN 'Tập thể lao động tiên tiến'
        ELSE 'Hình thức khác'
    END,
    CASE p."awardKind" WHEN 'CO_CHINH_PHU' THEN 'CHINH_PHU' ELSE 'TINH' END,
    CASE WHEN p."agencyId" IS NULL THEN 'PERSON' ELSE 'UNIT' END,
    p."agencyId",
    CASE WHEN p."agencyId" IS NULL THEN p."personName"
        ELSE COALESCE(v."name", (SELECT l."name" FROM "AgencyVersion" l WHERE l."agencyId" = p."agencyId" ORDER BY l."validFrom" DESC, l."id" DESC LIMIT 1), '')
    END,
    COALESCE(a."kind", 'OTHER'),
    y."blocId", p."decisionNumber", p."decisionDate", 'PORTAL', p."id", ''
FROM "AwardProposal" p
JOIN "BlocYear" y ON y."id" = p."blocYearId"
JOIN "Bloc" b ON b."id" = y."blocId"
LEFT JOIN "Agency" a ON a."id" = p."agencyId"
LEFT JOIN "Membership" m ON m."blocYearId" = p."blocYearId" AND m."agencyId" = p."agencyId"
LEFT JOIN "AgencyVersion" v ON v."id" = m."agencyVersionId"
WHERE p."status" = 'APPROVED';
