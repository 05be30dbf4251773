export default definePageConfig({
  navigationBarTitleText: '收银台',
  navigationBarBackgroundColor: '#173129',
});
