-- DropIndex
DROP INDEX "AwardRecord_provinceId_year_awardKind_idx";

-- CreateIndex
CREATE INDEX "AwardRecord_provinceId_year_awardKind_awardTitle_idx" ON "AwardRecord"("provinceId", "year", "awardKind", "awardTitle");

-- CreateIndex
CREATE INDEX "AwardRecord_provinceId_year_level_idx" ON "AwardRecord"("provinceId", "year", "level");

-- CreateIndex
CREATE INDEX "AwardRecord_provinceId_year_agencyKind_idx" ON "AwardRecord"("provinceId", "year", "agencyKind");

