export default definePageConfig({
  navigationBarTitleText: '经营报表',
  navigationBarBackgroundColor: '#173129',
});
