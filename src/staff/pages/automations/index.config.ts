export default definePageConfig({
  navigationBarTitleText: '自动化营销',
  navigationBarBackgroundColor: '#173129',
});
